import { redirect } from '@sveltejs/kit';
import { actionResult, apiClient, failWith, unwrap } from '#lib/server/api.ts';
import { field } from '#lib/server/form.ts';
import type { Actions, PageServerLoad } from './$types';

/** One common issue: its reports and why each is there; same-category issues to merge into; people who could own a plan. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const api = apiClient(event).api;
  const detail = await unwrap(await api['common-issues'][':id'].$get({ param: { id: event.params.id } }));
  const manages = me.capabilities.includes('rollup.manage');
  const [same, ...staff] = await Promise.all([
    manages ? api['common-issues'].$get({ query: { categoryId: String(detail.issue.categoryId) } }).then(unwrap) : null,
    ...(manages
      ? detail.issue.projects
          .slice(0, 5)
          .map(async (p) =>
            api.projects[':id'].employees.$get({ param: { id: String(p.id) }, query: { limit: '200' } }).then(unwrap),
          )
      : []),
  ]);
  const people = new Map(
    staff
      .flatMap((s) => s.items)
      .filter((e) => e.active)
      .map((e) => [e.id, { id: e.id, name: e.name, line: e.line }]),
  );
  return {
    ...detail,
    manages,
    mergeTargets: (same?.issues ?? []).filter(
      (i) => i.id !== detail.issue.id && (i.status === 'suggested' || i.status === 'confirmed'),
    ),
    people: [...people.values()],
  };
};

export const actions: Actions = {
  confirm: async (event) => {
    const form = await event.request.formData();
    const api = apiClient(event).api['common-issues'][':id'];
    return actionResult(
      'confirm',
      await api.confirm.$post({ param: { id: event.params.id }, json: { title: field(form, 'title') } }),
    );
  },
  dismiss: async (event) => {
    const form = await event.request.formData();
    const api = apiClient(event).api['common-issues'][':id'];
    return actionResult(
      'dismiss',
      await api.dismiss.$post({ param: { id: event.params.id }, json: { reason: field(form, 'reason') } }),
    );
  },
  merge: async (event) => {
    const form = await event.request.formData();
    const into = Number(field(form, 'intoId'));
    const api = apiClient(event).api['common-issues'][':id'];
    const response = await api.merge.$post({ param: { id: event.params.id }, json: { intoId: into } });
    if (!response.ok) return failWith('merge', response);
    redirect(303, `/common-issues/${into}`);
  },
  split: async (event) => {
    const form = await event.request.formData();
    const itemIds = form.getAll('itemId').map(Number);
    const response = await apiClient(event).api['common-issues'][':id'].split.$post({
      param: { id: event.params.id },
      json: { itemIds, title: field(form, 'title') },
    });
    if (!response.ok) return failWith('split', response);
    redirect(303, `/common-issues/${(await response.json()).issue!.id}`);
  },
  plan: async (event) => {
    const form = await event.request.formData();
    const ownerId = Number(field(form, 'ownerId'));
    const kind = field(form, 'kind') === 'future' ? 'future' : 'targeted';
    const json = {
      commonIssueId: Number(event.params.id),
      kind,
      title: field(form, 'title'),
      description: field(form, 'description'),
      cause: field(form, 'cause'),
      standardChange: field(form, 'standardChange'),
      ownerLine: field(form, 'ownerLine') as 'engineering',
      ownerId,
      projectId: kind === 'targeted' && field(form, 'projectId') ? Number(field(form, 'projectId')) : null,
      sampleSize: Number(field(form, 'sampleSize') || 5),
      actions: field(form, 'actionTitle')
        ? [
            {
              title: field(form, 'actionTitle'),
              ownerId: Number(field(form, 'actionOwnerId') || ownerId),
              dueOn: field(form, 'actionDueOn'),
            },
          ]
        : [],
    } as const;
    const response = await apiClient(event).api.plans.$post({ json });
    if (!response.ok) return failWith('plan', response);
    redirect(303, `/plans/${(await response.json()).plan.id}`);
  },
};
