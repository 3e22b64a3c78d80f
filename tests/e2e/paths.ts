export { BUS_ATTACK, SECURITY, TERROR_CELLS, FIXTURE_ARTICLES } from '../fixtures/articles';

export const BUS_TITLE = /The number of terrorist attacks is not decreasing/;
export const SECURITY_TITLE = 'In Mali, the security situation is deteriorating dangerously';
export const CELLS_TITLE = 'Mali organizes to stop terrorist cells';
