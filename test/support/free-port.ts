// The sandbox's, so the demo and the tests pick ports one way.
export { freePort } from '../../sandbox/query-api/http';
