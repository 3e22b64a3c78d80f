/**
 * The parts of lunr's public API that its published type definitions leave out (the query
 * parser, clause presence, TokenSet builders), typed once here.
 */
import { lunr } from './analysis';

export interface Clause {
  term: string;
  fields?: string[];
  boost?: number;
  editDistance?: number;
  usePipeline?: boolean;
  wildcard?: number;
  presence?: number;
}

export interface Query {
  clauses: Clause[];
  term(term: string, options: Partial<Clause>): Query;
}

export interface TokenSet {
  intersect(other: TokenSet): TokenSet;
  toArray(): string[];
}

interface LunrInternals {
  Query: (new (fields: string[]) => Query) & {
    presence: { OPTIONAL: number; REQUIRED: number; PROHIBITED: number };
  };
  QueryParser: new (query: string, into: Query) => { parse(): Query };
  QueryParseError: new (
    message: string,
    start: number,
    end: number,
  ) => Error & { start: number; end: number };
  TokenSet: { fromArray(sorted: string[]): TokenSet; fromClause(clause: Clause): TokenSet };
}

export const lunrApi = lunr as unknown as LunrInternals;
export const PRESENCE = lunrApi.Query.presence;
