import type { Locale } from '@frontline/core';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
