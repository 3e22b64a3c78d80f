import { join } from 'node:path';

/** The shared sample articles beside the repository. */
export const ARTICLES = join(__dirname, '../../../shared/fixtures/articles');
export const BUS_ATTACK = join(ARTICLES, 'mali-2021-12-bus-attack-mopti.txt');
export const SECURITY = join(ARTICLES, 'mali-2022-03-security-deteriorating.txt');
export const TERROR_CELLS = join(ARTICLES, 'mali-terrorist-cells-defenceweb.txt');
export const FIXTURE_ARTICLES = [BUS_ATTACK, SECURITY, TERROR_CELLS];

export const BUS_TITLE = /The number of terrorist attacks is not decreasing/;
export const SECURITY_TITLE = 'Home World News In Mali, the security situation is deteriorating dangerously';
export const CELLS_TITLE = 'Homeland Security Network Blog';
