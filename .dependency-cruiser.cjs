// The architecture's dependency rules (README "Layout"), checked by `npm run deps` in `npm test`.

// Node built-ins that reach outside the process: the pure core must not touch them.
const nodeIo = [
  'fs',
  'fs/promises',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'worker_threads',
  'cluster',
  'readline',
  'inspector',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle hides which module depends on which; break it by moving the shared part.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that does not resolve would slip past every rule below (e.g. a broken #subpath).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'core-is-pure',
      comment:
        'lambdas/core makes every decision and does no I/O: no adapters, handlers, AWS SDK, IBM SDK or Node I/O.',
      severity: 'error',
      from: { path: '^lambdas/core/' },
      to: {
        path: [
          '^lambdas/(adapters|handlers)/',
          '(^|/)node_modules/@aws-sdk/',
          '(^|/)node_modules/ibm-watson/',
          `^(node:)?(${nodeIo.join('|')})$`,
        ],
      },
    },
    {
      name: 'lib-uses-no-handler-code',
      comment: 'The stack shares facts with the Lambdas through lambdas/core (contract, schemas) only.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^lambdas/(adapters|handlers)/' },
    },
    {
      name: 'deployed-code-stays-deployable',
      comment:
        'lambdas/ and lib/ are what is deployed: they never import the CLI, local mode, the simulator, the demo, tools, bench or tests.',
      severity: 'error',
      from: { path: '^(lambdas|lib)/' },
      to: { path: '^(cli|local|simulator|demo|tools|bench|test)/' },
    },
    {
      name: 'demo-and-tools-are-on-top',
      comment:
        'The npm start demo and the developer tools sit on top of cli/, local/ and simulator/: only tests import them.',
      severity: 'error',
      from: { path: '^(bin|lib|lambdas|cli|local|simulator|bench)/' },
      to: { path: '^(demo|tools)/' },
    },
    {
      name: 'local-runtime-is-below-its-users',
      comment:
        'local/ is the runtime the CLI, the demo, bench and tools share; it imports none of them (report data and flags live in cli/).',
      severity: 'error',
      from: { path: '^local/' },
      to: { path: '^(cli|demo|bench|tools)/' },
    },
    {
      name: 'report-and-flags-import-no-command',
      comment:
        'cli/report and cli/flags serve every command (the files at the top of cli/, and cli/aws): commands depend on them, not the other way round.',
      severity: 'error',
      from: { path: '^cli/(report|flags)/' },
      to: { path: '^cli/([^/]+|aws/.+)$' },
    },
    {
      name: 'simulator-is-standalone',
      comment:
        'The IBM simulator stands in for IBM: it imports nothing of the project, not even core types, so a change to the upgrader cannot change what IBM does.',
      severity: 'error',
      from: { path: '^simulator/' },
      to: { path: '^(bin|cli|local|lib|lambdas|bench|test|demo|tools)/' },
    },
    {
      name: 'testkit-serves-tests-and-bench',
      comment:
        'testkit/ starts local fleets for test/ and bench/; what is deployed or run by operators never imports it.',
      severity: 'error',
      from: { path: '^(bin|lib|lambdas|cli|local|simulator|demo)/' },
      to: { path: '^testkit/' },
    },
    {
      name: 'testkit-is-below-its-users',
      comment: 'testkit/ is shared by test/ and bench/, so it imports neither, nor the demo or tools on top.',
      severity: 'error',
      from: { path: '^testkit/' },
      to: { path: '^(test|bench|demo|tools)/' },
    },
    {
      name: 'bench-does-not-import-tests',
      comment: 'What bench and tests share lives in testkit/.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk\\.out|\\.local-data)/' },
    // TypeScript 7 has no compiler API, so swc parses the sources.
    parser: 'swc',
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
