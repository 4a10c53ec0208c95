import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me } = await event.parent();
  const kinds = (['employees', 'households'] as const).filter((k) => me.capabilities.includes(`import.${k}`));
  if (kinds.length === 0) error(403, { message: 'Forbidden' });
  return { kinds };
};
