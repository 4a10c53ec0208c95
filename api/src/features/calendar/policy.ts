/**
 * Who may do what with the working-day calendar. Everyone signed in reads it
 * (the days, the years and their sources); only a system admin changes it
 * (the form, a file, a pasted notice), a group-wide capability. There is no
 * record scope: the calendar is the same for the whole group.
 */
export const READ = 'signed-in' as const;
export const CHANGE = 'calendar.manage' as const;
