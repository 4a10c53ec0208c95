import { describe, expect, it } from 'vitest';
import { errorText } from './errors.ts';

describe('what an error page says', () => {
  it('404, 403 and server errors have their own words, never SvelteKit’s English message', () => {
    expect(errorText(404, { message: 'Not Found' })).toEqual({
      title: 'error.notFound',
      messageKey: 'error.notFoundText',
    });
    expect(errorText(404, { message: '找不到该记录。', code: 'NOT_FOUND' })).not.toHaveProperty('message');
    expect(errorText(403, { message: 'Forbidden' })).toEqual({
      title: 'error.forbidden',
      messageKey: 'error.forbiddenText',
    });
    expect(errorText(500, { message: 'Internal Error' })).toEqual({
      title: 'error.title',
      messageKey: 'error.serverText',
    });
    expect(errorText(503, null)).toEqual({ title: 'error.title', messageKey: 'error.serverText' });
    expect(errorText(500, { message: '服务器出错了，请稍后再试。', code: 'INTERNAL' })).not.toHaveProperty('message');
  });

  it('a server error the API named (a full disk, a database out of use) shows the API’s message', () => {
    const full =
      'The server is out of storage space; your change was not saved. Please try again later or tell your administrator.';
    expect(errorText(507, { message: full, code: 'STORAGE_FULL' })).toEqual({
      title: 'error.title',
      messageKey: 'error.serverText',
      message: full,
    });
    expect(errorText(503, { message: '数据库暂时无法使用。', code: 'DATABASE_UNAVAILABLE' })).toHaveProperty(
      'message',
      '数据库暂时无法使用。',
    );
  });

  it('another refusal from the API shows the API’s message, already in the page’s language', () => {
    expect(errorText(409, { message: '该记录已被修改或已存在。', code: 'CONFLICT' })).toEqual({
      title: 'error.title',
      messageKey: 'error.otherText',
      message: '该记录已被修改或已存在。',
    });
  });

  it('one that did not come from the API gets the general words', () => {
    expect(errorText(400, { message: 'Bad Request' })).toEqual({ title: 'error.title', messageKey: 'error.otherText' });
    expect(errorText(422, { message: 'Error', code: 'UNKNOWN' })).not.toHaveProperty('message');
  });
});
