/** The part of Citation.js that the citation importer uses (the package ships no types). */
declare module '@citation-js/core' {
  export interface CslName {
    family?: string;
    given?: string;
    literal?: string;
  }
  export interface CslDate {
    'date-parts'?: (number | string)[][];
    raw?: string;
    literal?: string;
  }
  export type CslItem = Record<string, unknown> & {
    type?: string;
    title?: string;
    author?: CslName[];
    editor?: CslName[];
    reporter?: CslName[];
    issued?: CslDate;
    'container-title'?: string;
    publisher?: string;
    URL?: string;
    DOI?: string;
    abstract?: string;
    keyword?: string;
    language?: string;
    note?: string;
    accessed?: CslDate;
  };
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    data: CslItem[];
    /** The items written out: `biblatex`, `bibtex`, `ris`, `data` (CSL-JSON). */
    format(format: string, options?: Record<string, unknown>): string;
  }
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
