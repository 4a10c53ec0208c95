import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportLeak, signInEmployee } from '../../testing/rollup.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** Improvement plans through the API, on the small group: from a confirmed common issue to a closed plan. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const count = (text: string, ...args: unknown[]) => w.sql.value<number>(text, ...args);

/** The leak five households of P001 reported, detected and confirmed by regional customer relations. */
async function confirmedLeak(): Promise<number> {
  await reportLeak(w);
  await w.request('/api/common-issues/detect', { method: 'POST', cookie: await w.as('cr.group') });
  const list = await (await w.request('/api/common-issues?status=suggested', { cookie: await w.as('cr') })).json();
  const issue = list.issues.find((i: { projects: { id: number }[] }) => i.projects.some((p) => p.id === w.ids.project));
  expect(
    (
      await w.request(`/api/common-issues/${issue.id}/confirm`, {
        cookie: await w.as('cr'),
        json: { title: '卫生间吊顶渗漏' },
      })
    ).status,
  ).toBe(200);
  return issue.id;
}

const targetedImprovementPlan = (issueId: number) => ({
  commonIssueId: issueId,
  kind: 'targeted',
  title: '卫生间渗漏专项整改',
  description: '排查并返修顶板防水',
  ownerLine: 'engineering',
  ownerId: w.id('staff'),
  projectId: w.ids.project,
  sampleSize: 2,
  actions: [{ title: '逐户排查', ownerId: w.id('staff'), dueOn: '2026-11-30' }],
});

describe('improvement plans', () => {
  it('drafts, approves and works a plan; verification goes to someone else and closes it', async () => {
    const issueId = await confirmedLeak();
    const staffId = w.id('staff');
    const body = targetedImprovementPlan(issueId);
    const bad = await w.request('/api/plans', { cookie: await w.as('cr'), json: { ...body, projectId: 999999 } });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields)).toEqual(['projectId']);
    const created = await w.request('/api/plans', { cookie: await w.as('cr'), json: body });
    expect(created.status).toBe(201);
    const planId = (await created.json()).plan.id;
    expect(
      (await w.request(`/api/plans/${planId}/moves`, { cookie: await w.as('staff'), json: { move: 'approve' } }))
        .status,
    ).toBe(403);
    expect(
      (await w.request(`/api/plans/${planId}/moves`, { cookie: await w.as('cr'), json: { move: 'approve' } })).status,
    ).toBe(200);

    // The owner sees the action in My duties; HR cannot see the plan at all.
    const mine = await (await w.request('/api/me/plan-actions', { cookie: await w.as('staff') })).json();
    expect(mine.actions.map((a: { planId: number }) => a.planId)).toContain(planId);
    expect((await w.request(`/api/plans/${planId}`, { cookie: await w.as('hr') })).status).toBe(403);

    const plan = (await (await w.request(`/api/plans/${planId}`, { cookie: await w.as('staff') })).json()).plan;
    expect(
      (
        await w.request(`/api/plans/${planId}/actions/${plan.actionList[0].id}/done`, {
          cookie: await w.as('staff'),
          json: { notes: '已排查 12 户' },
        })
      ).status,
    ).toBe(200);
    const early = await w.request(`/api/plans/${planId}/moves`, {
      cookie: await w.as('staff'),
      json: { move: 'submit' },
    });
    expect(early.status).toBe(422);
    expect((await early.json()).error.fields.evidence).toBeTruthy();
    // the plan's page said so before the attempt: submitting is held back with the same reason
    const blockedOf = async () =>
      (await (await w.request(`/api/plans/${planId}`, { cookie: await w.as('staff') })).json()).blockedMoves;
    expect(await blockedOf()).toEqual([
      { move: 'submit', code: 'PLAN_NO_EVIDENCE', message: '请先提交整改证据（说明或照片）。' },
    ]);
    const evidence = await w.request(`/api/plans/${planId}/evidence`, {
      method: 'PUT',
      cookie: await w.as('staff'),
      json: { notes: '返修完成，闭水试验通过', photoIds: [] },
    });
    expect([evidence.status, await evidence.text()]).toEqual([200, expect.any(String)]);
    expect(await blockedOf()).toEqual([]);
    const submitted = await (
      await w.request(`/api/plans/${planId}/moves`, { cookie: await w.as('staff'), json: { move: 'submit' } })
    ).json();
    expect(submitted.plan.status).toBe('awaiting_verification');
    expect(submitted.plan.verifications.length).toBeGreaterThan(0);
    for (const v of submitted.plan.verifications) expect(v.employeeId).not.toBe(staffId);

    for (const v of submitted.plan.verifications) {
      const verifier = await signInEmployee(w, v.employeeId);
      expect(
        (
          await w.request(`/api/plans/${planId}/verifications/${v.id}`, {
            cookie: await w.as('staff'),
            json: { outcome: 'fixed', visitedOn: '2026-11-23' },
          })
        ).status,
      ).toBe(403);
      const future = await w.request(`/api/plans/${planId}/verifications/${v.id}`, {
        cookie: verifier,
        json: { outcome: 'fixed', visitedOn: '2026-12-01' },
      });
      expect(future.status).toBe(422);
      expect(
        (
          await w.request(`/api/plans/${planId}/verifications/${v.id}`, {
            cookie: verifier,
            json: { outcome: 'fixed', visitedOn: '2026-11-23' },
          })
        ).status,
      ).toBe(200);
    }
    const closed = (await (await w.request(`/api/plans/${planId}`, { cookie: await w.as('cr') })).json()).plan;
    expect(closed.status).toBe('closed');
    expect(
      await count(`select count(*) from audit_log where entity = 'improvement_plan' and entity_id = ?`, String(planId)),
    ).toBeGreaterThanOrEqual(6);
  });

  it('answers each caller with the moves they may make on the plan now', async () => {
    const planId = (
      await (
        await w.request('/api/plans', {
          cookie: await w.as('cr'),
          json: targetedImprovementPlan(await confirmedLeak()),
        })
      ).json()
    ).plan.id;
    const movesOf = async (login: 'cr' | 'staff' | 'pm') =>
      (await (await w.request(`/api/plans/${planId}`, { cookie: await w.as(login) })).json()).allowedMoves;
    // A draft: only customer relations approve; the owner and the project head have nothing to do yet.
    expect(await movesOf('cr')).toEqual(['approve']);
    expect(await movesOf('staff')).toEqual([]);
    expect(await movesOf('pm')).toEqual([]);
    await w.request(`/api/plans/${planId}/moves`, { cookie: await w.as('cr'), json: { move: 'approve' } });
    expect(await movesOf('staff')).toEqual(['start']);
    expect(await movesOf('pm')).toEqual([]);
    // Reopened by new reports after closing: the owner may start work again or resubmit.
    await w.sql.run(`update improvement_plans set status = 'reopened' where id = ?`, planId);
    expect(await movesOf('staff')).toEqual(['start', 'submit']);
    expect(await movesOf('cr')).toEqual(['start', 'submit']);
    const started = await (
      await w.request(`/api/plans/${planId}/moves`, { cookie: await w.as('staff'), json: { move: 'start' } })
    ).json();
    expect([started.plan.status, started.allowedMoves]).toEqual(['in_progress', ['submit']]);
  });
});
