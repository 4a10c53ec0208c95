import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';
import ts from 'typescript-eslint';

/**
 * packages/core is the product's pure domain logic: no I/O, no clock, no
 * environment. What it must not import: Node's built-ins and the packages
 * that reach a database, the network, mail or the file system, and the
 * layers built on core.
 */
const CORE_FORBIDDEN_IMPORTS = [
  'node:*',
  ...builtinModules,
  'better-sqlite3',
  'kysely',
  'kysely/*',
  'hono',
  'hono/*',
  'nodemailer',
  'nodemailer/*',
  'sharp',
  '@frontline/db',
  '@frontline/db/*',
  '@frontline/api',
  '@frontline/api/*',
];
const CORE_IMPORT_MESSAGE =
  'packages/core is pure: I/O belongs in @frontline/db or the API, which pass core what it needs.';
/** Core's tests may read their fixture files. */
const CORE_TEST_IMPORTS = ['node:fs', 'node:path', 'node:url'];

const RAW_DRIVER_MESSAGE =
  "The raw drivers belong in packages/db/src/bulk (hot paths) or dialect/ (one dialect's SQL); use a repository on Kysely.";
const RAW_DRIVER = [
  { selector: "MemberExpression[property.name='sqlite']", message: RAW_DRIVER_MESSAGE },
  { selector: "MemberExpression[property.name='pool']", message: RAW_DRIVER_MESSAGE },
  { selector: "CallExpression[callee.property.name='prepare']", message: RAW_DRIVER_MESSAGE },
];
const CAST_MESSAGE = 'No casts in repositories: narrow a column with oneOf/oneOfOrNull or parse it.';
const NO_CASTS = [
  { selector: "TSAsExpression:not([typeAnnotation.typeName.name='const'])", message: CAST_MESSAGE },
  { selector: 'TSTypeAssertion', message: CAST_MESSAGE },
];

const coreImports = (allowed = []) => [
  'error',
  {
    patterns: [
      { group: [...CORE_FORBIDDEN_IMPORTS, ...allowed.map((name) => `!${name}`)], message: CORE_IMPORT_MESSAGE },
    ],
  },
];

export default ts.config(
  { ignores: ['**/node_modules/**', '**/build/**', '**/.svelte-kit/**', '**/dist/**', '**/test-results/**'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
    rules: { 'svelte/no-navigation-without-resolve': 'off' },
  },
  {
    // Tests included: they hold core to the same clock and environment as its callers.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': coreImports(),
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'packages/core reads no environment: the caller passes the setting in.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'packages/core reads no clock: take the time as a parameter.' },
        {
          object: 'performance',
          property: 'now',
          message: 'packages/core reads no clock: take the time as a parameter.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'packages/core reads no clock: take the time as a parameter.',
        },
        { selector: 'ImportExpression', message: CORE_IMPORT_MESSAGE },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': coreImports(CORE_TEST_IMPORTS) },
  },
  {
    // The raw driver is for the bulk paths and the dialect module only: everything else goes through Kysely,
    // so the same repositories can serve another database.
    files: ['packages/db/src/**/*.ts', 'api/src/**/*.ts'],
    ignores: ['packages/db/src/bulk/**', 'packages/db/src/dialect/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...RAW_DRIVER],
    },
  },
  {
    // Services reach the database through repositories and units of work (unitOfWork, inTransaction), never the query
    // builder itself; tests and their harness may.
    files: ['api/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'api/src/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...RAW_DRIVER,
        {
          selector: "MemberExpression[property.name='kysely']",
          message:
            'Reach the database through a repository, in a unit of work (unitOfWork, inTransaction) when it writes.',
        },
      ],
    },
  },
  {
    // A repository reads columns into types by checking them (repositories/columns.ts), never by asserting.
    files: ['packages/db/src/repositories/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      // Repeats the raw-driver selectors: a later config's no-restricted-syntax replaces an earlier one's.
      'no-restricted-syntax': ['error', ...RAW_DRIVER, ...NO_CASTS],
    },
  },
);
