import { toast } from 'svelte-sonner';

/** Results of actions: toast.success(text), toast.error(text). One import for every page. */
export { toast };

/**
 * Shows a form action's result once as a toast: a success text when the action says it saved,
 * nothing otherwise (refusals stay beside their controls, where the user can fix them).
 */
export function toastSaved(form: unknown, text: string): void {
  if (form && typeof form === 'object' && 'saved' in form && (form as { saved: unknown }).saved) toast.success(text);
}
