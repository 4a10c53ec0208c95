/** A submitted form field as trimmed text ('' when absent). */
export const field = (form: FormData, key: string): string => String(form.get(key) ?? '').trim();
