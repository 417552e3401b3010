// The shape of a PyInfra catalogue: what one PyInfra release defines, read from its own source by reader.ts. The
// committed catalogues in generated/ and the one read from the user's installed PyInfra have exactly this shape.

export interface CatalogueParameter {
  name: string;
  /** The annotation as the source writes it, whitespace collapsed; absent when the source has none. */
  annotation?: string;
  /** Python source of the default; absent when the argument is required. */
  default?: string;
  /** `keyword` after a bare `*`; `varargs` for `*args`, `kwargs` for `**kwargs`. */
  kind: 'normal' | 'keyword' | 'varargs' | 'kwargs';
}

export interface CatalogueOperation {
  module: string;
  name: string;
  parameters: CatalogueParameter[];
  /** False for operations PyInfra declares `is_idempotent=False`: their commands run on every deploy. */
  idempotent: boolean;
  /** The name of the `**kwargs` parameter when the operation passes extra keywords through (e.g. to a template). */
  extraKeywords?: string;
  /** Set when the decorator says `is_deprecated=True`; `deprecatedFor` when it names the replacement. */
  deprecated?: boolean;
  deprecatedFor?: string;
}

export interface CatalogueFact {
  module: string;
  name: string;
  /** The arguments of the fact's `command` (without `self`), inherited from its base class when it has none. */
  parameters: CatalogueParameter[];
  /** What the fact returns, where the source says: `FactBase[T]` or the annotation of `process`. */
  returns?: string;
}

export interface CatalogueGlobalArgument {
  name: string;
  /** The group PyInfra files it under: auth, shell, meta or execution. */
  group: string;
  type?: string;
  /** Python source of the default (`config.SUDO` means PyInfra's config of the same name decides). */
  default?: string;
}

export interface PyinfraCatalogue {
  /** The PyInfra release the catalogue was read from, e.g. `3.1.1`. */
  version: string;
  globalArguments: CatalogueGlobalArgument[];
  /**
   * PyInfra 2.x still accepts a global argument without its leading underscore (`sudo=True`) and warns; 3.x does not.
   * Read from the source: true when `api/arguments.py` has the legacy-spelling warning.
   */
  acceptsUnprefixedGlobals: boolean;
  /** Keywords every operation call accepts and drops (2.x's legacy `state=` and `host=`). */
  ignoredKeywords: string[];
  operations: CatalogueOperation[];
  facts: CatalogueFact[];
}
