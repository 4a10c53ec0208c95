import type { Actor } from '@frontline/core';
import { getCommonIssue, type CommonIssueSummary, type Db } from '@frontline/db';
import { visible } from './policy.ts';

/** The common issue, if it touches the caller's scope. */
export async function visibleCommonIssue(db: Db, actor: Actor, id: number): Promise<CommonIssueSummary | undefined> {
  const issue = await getCommonIssue(db, id);
  return issue && visible(actor, issue) ? issue : undefined;
}
