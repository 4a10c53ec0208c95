import { appraisalPeriodOf, previousAppraisalPeriod, shanghaiDate } from '@frontline/core';
import type { Db, MailSettings } from '@frontline/db';
import {
  DEMO_GROUP,
  planDemo,
  seedDemoFeedback,
  seedDemoHistory,
  seedDemoReceptions,
  seedGroup,
  type GroupSize,
} from '@frontline/db/seed';
import { runDetection } from './features/common-issues/service.ts';

/**
 * The demo as a first start-up makes it (and the HTTP benchmark, on the large
 * group): the group, last period's history, a 12-month plan, reception days,
 * six months of feedback and the common issues it suggests. Each step says
 * what it wrote through `log`.
 */
export async function seedDemo(
  db: Db,
  o: {
    holder: string;
    mail: MailSettings;
    /** The instant the demo is seeded at: "today" for the plan, the history and the feedback. */
    now: number;
    size?: GroupSize;
    /** Feedback visits over the last six months (the demo's 600 by default). */
    visits?: number;
    log: (text: string) => void;
  },
): Promise<void> {
  const { log, now } = o;
  const today = shanghaiDate(now);
  log(`› seeding the ${o.size ? 'group' : 'demo group'}…\n`);
  const counts = await seedGroup(db, {
    size: o.size ?? DEMO_GROUP,
    onProgress: (rows, expected) => log(`\r  ${Math.min(100, Math.round((rows / expected) * 100))}% (${rows} rows)`),
  });
  log(
    `\r  done: ${Object.entries(counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}\n`,
  );
  const history = await seedDemoHistory(
    db,
    previousAppraisalPeriod(appraisalPeriodOf(today, 'quarter')).from,
    today,
    now,
  );
  log(`› ${history.duties} past duties recorded (done, late, missed, excused or attended by a colleague)\n`);
  log('› planning households and duties for the next 12 months…\n');
  const report = await planDemo(db, today, now);
  // Owners and this month's duties may already exist from the history above: say what the plan holds.
  const inPlan = report.duties.created + report.duties.updated + report.duties.unchanged;
  log(
    `  ${inPlan} duties in the plan (${report.duties.created} new)${report.ownership.moved ? `, ${report.ownership.moved} households given owners` : ''}`,
  );
  if (report.provisionalYears.length)
    log(
      `; ${report.provisionalYears.join(', ')} provisional (planned on the statutory holidays until its State Council notice is pasted on 工作日历)`,
    );
  if (report.unknownYears.length)
    log(`; no holiday calendar yet for ${report.unknownYears.join(', ')} (nothing planned there)`);
  const receptionDays = await seedDemoReceptions(db, today, now, o.mail);
  log(`; ${receptionDays} reception days set up (invites in the outbox)\n`);
  const visits = await seedDemoFeedback(db, today, now, { visits: o.visits ?? 600, months: 6 });
  const detection = await runDetection(
    db,
    { today, mail: o.mail },
    { actorId: null, at: now },
    { holder: o.holder, now: () => Date.now() },
  );
  log(
    `  ${visits} feedback visits recorded; ${detection ? detection.suggestions : 'no (detection is running elsewhere)'} common issues suggested for review\n`,
  );
}
