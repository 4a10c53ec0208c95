import type { Migration } from 'kysely/migration';
import * as organisation from './001-organisation.ts';
import * as duties from './002-duties.ts';
import * as reception from './003-reception.ts';
import * as forms from './004-forms.ts';
import * as rollup from './005-rollup.ts';
import * as appraisal from './006-appraisal.ts';
import * as passwords from './007-passwords.ts';
import * as revealLimit from './008-reveal-limit.ts';
import * as access from './009-access.ts';
import * as calendar from './010-calendar.ts';
import * as tickets from './011-tickets.ts';
import * as slotCounter from './012-slot-counter.ts';
import * as sharedState from './013-shared-state.ts';
import * as language from './014-language.ts';
import * as followUpsExcused from './015-follow-ups-excused.ts';
import * as healthAndMailLeases from './016-health-and-mail-leases.ts';
import * as householdBookings from './017-household-bookings.ts';
import * as scoreInputsVersion from './018-score-inputs-version.ts';
import * as employeeAssistants from './019-employee-assistants.ts';

/** Every migration, in order. Never edit one that has shipped; add the next. */
export const migrations: Record<string, Migration> = {
  '001-organisation': organisation,
  '002-duties': duties,
  '003-reception': reception,
  '004-forms': forms,
  '005-rollup': rollup,
  '006-appraisal': appraisal,
  '007-passwords': passwords,
  '008-reveal-limit': revealLimit,
  '009-access': access,
  '010-calendar': calendar,
  '011-tickets': tickets,
  '012-slot-counter': slotCounter,
  '013-shared-state': sharedState,
  '014-language': language,
  '015-follow-ups-excused': followUpsExcused,
  '016-health-and-mail-leases': healthAndMailLeases,
  '017-household-bookings': householdBookings,
  '018-score-inputs-version': scoreInputsVersion,
  '019-employee-assistants': employeeAssistants,
};
