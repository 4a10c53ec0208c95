/**
 * Who sees the compliance board: holders of `compliance.view`, each over
 * their own scope (the board's query is narrowed to it; a person's
 * drill-down answers 404 outside it).
 */
export const VIEW = 'compliance.view' as const;
