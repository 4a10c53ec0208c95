import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hrefWith, pageNumber, param } from './url-state.ts';

const at = (s: string) => new URL(s, 'http://x');

describe('state in the URL', () => {
  it('sets and removes parameters, keeping the others', () => {
    expect(hrefWith(at('/tickets?status=open&page=3'), { projectId: 1 })).toBe('/tickets?status=open&projectId=1');
    expect(hrefWith(at('/tickets?status=open&projectId=1'), { status: '' })).toBe('/tickets?projectId=1');
    expect(hrefWith(at('/tickets?status=open'), { status: null })).toBe('/tickets');
  });

  it('keeps the filters when only the page changes', () => {
    expect(hrefWith(at('/a?x=1&page=2'), { page: 3 })).toBe('/a?x=1&page=3');
  });

  it('a value set is read back as itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (key, value) => {
        fc.pre(key !== 'page');
        return param(at(hrefWith(at('/p?a=1'), { [key]: value })), key) === value;
      }),
    );
  });

  it('reads a page number, 1 when it is not a positive whole number', () => {
    expect(pageNumber(at('/a?page=4'))).toBe(4);
    for (const bad of ['0', '-1', '2.5', 'x', '']) expect(pageNumber(at(`/a?page=${bad}`))).toBe(1);
    expect(pageNumber(at('/a'))).toBe(1);
  });
});
