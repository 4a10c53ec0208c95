import { error } from '@sveltejs/kit';
import { apiClient, unwrap } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

type Kind = 'employees' | 'households';

/** The imports the person may run, each with its columns and the allowed values of their scope. */
export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const kinds = (['employees', 'households'] as const).filter((k) => me.capabilities.includes(`import.${k}`));
  if (kinds.length === 0) error(403, { message: 'Forbidden' });
  const imports = apiClient(event).api.imports;
  const guideOf = async (kind: Kind) =>
    (await unwrap(kind === 'employees' ? await imports.employees.guide.$get() : await imports.households.guide.$get()))
      .columns;
  const guides: Partial<Record<Kind, Awaited<ReturnType<typeof guideOf>>>> = {};
  await Promise.all(kinds.map(async (kind) => (guides[kind] = await guideOf(kind))));
  return { kinds, guides };
};
