export { createApp, type App, type AppType } from './app.ts';
export type { Deps } from './http/context.ts';
export type { DutyView } from './features/duties/views.ts';
export type { HomeView } from './features/home/service.ts';
