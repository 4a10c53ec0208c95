import type { Actor } from '@frontline/core';
import { describe, expect, it } from 'vitest';
import {
  mayReadVisitDirectly,
  mayReadVisitThrough,
  mayRecordForBooking,
  mayRecordForDuty,
  responsesFilter,
} from './policy.ts';

/** Who may record and read visits, as pure rules over the caller and the records. */
const actor = (over: Partial<Actor>): Actor => ({
  employeeId: 1,
  position: 'staff',
  line: 'engineering',
  regionId: 10,
  projectId: 100,
  ...over,
});
const visit = { employeeId: 2, projectId: 100, regionId: 10, staff: [{ id: 2 }, { id: 3 }] };

describe('recording', () => {
  it('a duty’s visit is the person due’s or their deputy’s', () => {
    expect(mayRecordForDuty(actor({ employeeId: 1 }), { employeeId: 1, deputyId: null })).toBe(true);
    expect(mayRecordForDuty(actor({ employeeId: 5 }), { employeeId: 1, deputyId: 5 })).toBe(true);
    expect(mayRecordForDuty(actor({ employeeId: 6 }), { employeeId: 1, deputyId: 5 })).toBe(false);
  });

  it('a booking’s visit is its booker’s, the day’s managers’ or the household owner’s', () => {
    const booking = { bookedBy: 7 };
    expect(mayRecordForBooking(actor({ employeeId: 7 }), booking, [8], { ownerEmployeeId: 9 })).toBe(true);
    expect(mayRecordForBooking(actor({ employeeId: 8 }), booking, [8], { ownerEmployeeId: 9 })).toBe(true);
    expect(mayRecordForBooking(actor({ employeeId: 9 }), booking, [8], { ownerEmployeeId: 9 })).toBe(true);
    expect(mayRecordForBooking(actor({ employeeId: 4 }), booking, [8], { ownerEmployeeId: 9 })).toBe(false);
    expect(mayRecordForBooking(actor({ employeeId: 4 }), booking, [8], undefined)).toBe(false);
  });
});

describe('reading', () => {
  it('the staff who were there read it; reviewers read it in their scope only', () => {
    expect(mayReadVisitDirectly(actor({ employeeId: 3 }), visit)).toBe(true);
    expect(mayReadVisitDirectly(actor({ employeeId: 4 }), visit)).toBe(false);
    expect(
      mayReadVisitDirectly(actor({ employeeId: 4, position: 'project_head', line: 'president_office' }), visit),
    ).toBe(true);
    expect(
      mayReadVisitDirectly(
        actor({ employeeId: 4, position: 'cr_admin', line: 'customer_relations', regionId: 11, projectId: null }),
        visit,
      ),
    ).toBe(false);
  });

  it('through its households: their owner, or customer relations covering one', () => {
    const households = [{ projectId: 100, regionId: 10, ownerEmployeeId: 9 }];
    expect(mayReadVisitThrough(actor({ employeeId: 9 }), households)).toBe(true);
    expect(mayReadVisitThrough(actor({ employeeId: 4, line: 'customer_relations' }), households)).toBe(true);
    expect(mayReadVisitThrough(actor({ employeeId: 4, line: 'customer_relations', projectId: 101 }), households)).toBe(
      false,
    );
    expect(mayReadVisitThrough(actor({ employeeId: 4 }), households)).toBe(false);
  });
});

describe('responses', () => {
  it('a reviewer sees their region’s, their project’s, the whole group’s, or without a place only their own', () => {
    expect(responsesFilter(actor({ position: 'cr_admin', line: 'customer_relations', projectId: null }))).toEqual({
      regionIds: [10],
    });
    expect(responsesFilter(actor({ position: 'project_head', line: 'president_office' }))).toEqual({
      projectIds: [100],
    });
    expect(responsesFilter(actor({ position: 'system_admin', line: null, regionId: null, projectId: null }))).toEqual(
      {},
    );
    expect(
      responsesFilter(actor({ employeeId: 1, position: 'project_head', regionId: null, projectId: null })),
    ).toEqual({ employeeId: 1 });
  });
});
