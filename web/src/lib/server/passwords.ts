import type { RequestEvent } from '@sveltejs/kit';
import { apiClient, failWith } from './api.ts';
import { field } from './form.ts';

/**
 * The form action behind 重置密码 wherever employees are listed: the API
 * decides who may be reset; the temporary password comes back in this one
 * answer and is shown once.
 */
export async function resetPasswordAction(event: RequestEvent) {
  const form = await event.request.formData();
  const response = await apiClient(event).api.employees[':id']['password-reset'].$post({
    param: { id: field(form, 'employeeId') },
  });
  if (!response.ok) return failWith('resetPassword', response);
  const { employee, temporaryPassword } = await response.json();
  return {
    action: 'resetPassword',
    message: '',
    fields: {} as Record<string, string>,
    reset: { employeeId: employee.id, name: employee.name, temporaryPassword },
  };
}
