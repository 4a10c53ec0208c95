import { regionInScope, scopeOf, type Actor } from '@frontline/core';

/**
 * Who sees the roll-up's figures: holders of `responses.view`, within their
 * scope (the analysis is filtered to it, a region's report only for a region
 * in it); the defect library is open to everyone who works on plans.
 */
export const VIEW = 'responses.view' as const;
export const DEFECTS = 'plans.view' as const;

export const mayReadRegionReport = (actor: Actor, regionId: number): boolean => regionInScope(scopeOf(actor), regionId);
