// Every function Packer's HCL evaluator knows (hcl2template/functions.go in Packer 1.16: the Functions() map plus
// templatefile, plus env for variable defaults). Packer's list differs from Terraform's, so it is kept here on its own.
import type { FunctionParameter, FunctionSchema } from './types';

type Param = readonly [name: string, type: string];

interface Extra {
  variadic?: Param;
  restriction?: string;
}

function fn(name: string, parameters: readonly Param[], returns: string, description: string, extra: Extra = {}): FunctionSchema {
  const toParameter = ([paramName, type]: Param): FunctionParameter => ({ name: paramName, type });
  return {
    name,
    parameters: parameters.map(toParameter),
    ...(extra.variadic ? { variadic: toParameter(extra.variadic) } : {}),
    returns,
    description,
    ...(extra.restriction ? { restriction: extra.restriction } : {}),
  };
}

const definitions: FunctionSchema[] = [
  // collection
  fn('alltrue', [['list', 'list(bool)']], 'bool', 'True when every element of the list is true (or the list is empty).'),
  fn('anytrue', [['list', 'list(bool)']], 'bool', 'True when at least one element of the list is true.'),
  fn('chunklist', [['list', 'list(any)'], ['size', 'number']], 'list(list(any))', 'Splits a list into consecutive chunks of at most `size` elements.'),
  fn('coalesce', [], 'any', 'Returns the first argument that is neither null nor an empty string.', { variadic: ['values', 'any'] }),
  fn('coalescelist', [], 'list(any)', 'Returns the first of its list arguments that is not empty.', { variadic: ['lists', 'list(any)'] }),
  fn('compact', [['list', 'list(string)']], 'list(string)', 'Removes empty strings (and nulls) from a list of strings.'),
  fn('concat', [], 'list(any)', 'Joins several lists into one, in order.', { variadic: ['lists', 'list(any)'] }),
  fn('contains', [['list', 'list(any)'], ['value', 'any']], 'bool', 'True when the list (or set) holds the given value.'),
  fn('distinct', [['list', 'list(any)']], 'list(any)', 'Removes duplicate elements, keeping the first occurrence of each.'),
  fn('element', [['list', 'list(any)'], ['index', 'number']], 'any', 'The element at `index`, wrapping around when the index is past the end.'),
  fn('flatten', [['list', 'list(any)']], 'list(any)', 'Replaces nested lists by their elements, recursively, giving one flat list.'),
  fn('index', [['list', 'list(any)'], ['value', 'any']], 'number', 'The position of the first element equal to `value`; an error when absent.'),
  fn('keys', [['map', 'map(any)']], 'list(string)', 'The keys of a map or object, in lexical order.'),
  fn('length', [['value', 'any']], 'number', 'The number of elements of a list, set or map, or of characters in a string.'),
  fn('lookup', [['map', 'map(any)'], ['key', 'string']], 'any', 'The value stored under `key`, or the given default when the key is absent.', {
    variadic: ['default', 'any'],
  }),
  fn('merge', [], 'map(any)', 'Combines maps or objects; later arguments win for keys present in several.', { variadic: ['maps', 'map(any)'] }),
  fn('range', [], 'list(number)', 'A list of numbers: `range(end)`, `range(start, end)` or `range(start, end, step)`.', {
    variadic: ['params', 'number'],
  }),
  fn('reverse', [['list', 'list(any)']], 'list(any)', 'The list with its elements in the opposite order.'),
  fn('setintersection', [['first', 'set(any)']], 'set(any)', 'The elements present in every given set.', { variadic: ['others', 'set(any)'] }),
  fn('setproduct', [], 'list(list(any))', 'Every combination taking one element from each given set or list (cartesian product).', {
    variadic: ['sets', 'list(any)'],
  }),
  fn('setunion', [['first', 'set(any)']], 'set(any)', 'The elements present in any of the given sets.', { variadic: ['others', 'set(any)'] }),
  fn('slice', [['list', 'list(any)'], ['start', 'number'], ['end', 'number']], 'list(any)', 'The elements from index `start` (inclusive) to `end` (exclusive).'),
  fn('sort', [['list', 'list(string)']], 'list(string)', 'The strings of the list in lexical order.'),
  fn('sum', [['list', 'list(number)']], 'number', 'The sum of the numbers in a list or set.'),
  fn('values', [['map', 'map(any)']], 'list(any)', 'The values of a map or object, ordered by their keys.'),
  fn('zipmap', [['keys', 'list(string)'], ['values', 'list(any)']], 'map(any)', 'Builds a map pairing each key with the value at the same position.'),
  // string
  fn('chomp', [['string', 'string']], 'string', 'Removes newline characters at the end of a string.'),
  fn('endswith', [['string', 'string'], ['suffix', 'string']], 'bool', 'True when the string ends with the suffix.'),
  fn('format', [['format', 'string']], 'string', 'Formats values printf-style (`%s`, `%d`, `%q`, …).', { variadic: ['args', 'any'] }),
  fn('formatlist', [['format', 'string']], 'list(string)', 'Like `format`, applied element-wise over list arguments, giving a list of strings.', {
    variadic: ['args', 'any'],
  }),
  fn('indent', [['spaces', 'number'], ['string', 'string']], 'string', 'Indents every line but the first by the given number of spaces.'),
  fn('join', [['separator', 'string']], 'string', 'Concatenates the elements of one or more lists of strings with a separator between them.', {
    variadic: ['lists', 'list(string)'],
  }),
  fn('lower', [['string', 'string']], 'string', 'The string in lower case.'),
  fn('regex', [['pattern', 'string'], ['string', 'string']], 'any', 'The first match of a regular expression: a string, or a list/map of capture groups.'),
  fn('regexall', [['pattern', 'string'], ['string', 'string']], 'list(any)', 'All non-overlapping matches of a regular expression.'),
  fn('regex_replace', [['string', 'string'], ['pattern', 'string'], ['replacement', 'string']], 'string', 'Replaces every match of a regular expression; `$1` in the replacement refers to capture groups.'),
  fn('replace', [['string', 'string'], ['search', 'string'], ['replacement', 'string']], 'string', 'Replaces every occurrence of a substring; a search wrapped in slashes is a regular expression.'),
  fn('split', [['separator', 'string'], ['string', 'string']], 'list(string)', 'Cuts a string at each separator, giving a list of strings.'),
  fn('startswith', [['string', 'string'], ['prefix', 'string']], 'bool', 'True when the string starts with the prefix.'),
  fn('strcontains', [['string', 'string'], ['substring', 'string']], 'bool', 'True when the substring occurs in the string.'),
  fn('strrev', [['string', 'string']], 'string', 'The string with its characters in reverse order.'),
  fn('substr', [['string', 'string'], ['offset', 'number'], ['length', 'number']], 'string', 'Part of a string by character offset and length (`-1` means to the end).'),
  fn('title', [['string', 'string']], 'string', 'Capitalises the first letter of every word.'),
  fn('trim', [['string', 'string'], ['characters', 'string']], 'string', 'Removes the given characters from both ends of a string.'),
  fn('trimprefix', [['string', 'string'], ['prefix', 'string']], 'string', 'Removes the prefix once, if the string starts with it.'),
  fn('trimspace', [['string', 'string']], 'string', 'Removes whitespace from both ends of a string.'),
  fn('trimsuffix', [['string', 'string'], ['suffix', 'string']], 'string', 'Removes the suffix once, if the string ends with it.'),
  fn('upper', [['string', 'string']], 'string', 'The string in upper case.'),
  // numeric
  fn('abs', [['number', 'number']], 'number', 'The absolute value of a number.'),
  fn('ceil', [['number', 'number']], 'number', 'The smallest whole number greater than or equal to the argument.'),
  fn('floor', [['number', 'number']], 'number', 'The largest whole number less than or equal to the argument.'),
  fn('log', [['number', 'number'], ['base', 'number']], 'number', 'The logarithm of a number in the given base.'),
  fn('max', [], 'number', 'The largest of the given numbers.', { variadic: ['numbers', 'number'] }),
  fn('min', [], 'number', 'The smallest of the given numbers.', { variadic: ['numbers', 'number'] }),
  fn('parseint', [['string', 'string'], ['base', 'number']], 'number', 'Parses a string as a whole number in the given base (2 to 62).'),
  fn('pow', [['base', 'number'], ['exponent', 'number']], 'number', 'Raises a number to a power.'),
  fn('signum', [['number', 'number']], 'number', 'The sign of a number: -1, 0 or 1.'),
  // encoding
  fn('base64decode', [['string', 'string']], 'string', 'Decodes a Base64 string whose content is UTF-8 text.'),
  fn('base64encode', [['string', 'string']], 'string', 'Encodes a string (as UTF-8) in Base64.'),
  fn('base64gzip', [['string', 'string']], 'string', 'Gzip-compresses a string, then encodes the result in Base64.'),
  fn('csvdecode', [['string', 'string']], 'list(map(string))', 'Parses CSV text whose first line is a header into a list of maps.'),
  fn('jsondecode', [['string', 'string']], 'any', 'Parses a JSON string into the matching HCL value.'),
  fn('jsonencode', [['value', 'any']], 'string', 'Serialises a value as JSON.'),
  fn('textdecodebase64', [['string', 'string'], ['encoding', 'string']], 'string', 'Decodes Base64 bytes that hold text in the named character encoding (e.g. `UTF-16LE`).'),
  fn('textencodebase64', [['string', 'string'], ['encoding', 'string']], 'string', 'Encodes a string in the named character encoding, then in Base64.'),
  fn('urlencode', [['string', 'string']], 'string', 'Escapes a string for use in a URL query.'),
  fn('yamldecode', [['string', 'string']], 'any', 'Parses a YAML document into the matching HCL value.'),
  fn('yamlencode', [['value', 'any']], 'string', 'Serialises a value as YAML.'),
  // filesystem
  fn('abspath', [['path', 'string']], 'string', 'Makes a path absolute, relative to the current working directory.'),
  fn('basename', [['path', 'string']], 'string', 'The last element of a path.'),
  fn('dirname', [['path', 'string']], 'string', 'A path without its last element.'),
  fn('file', [['path', 'string']], 'string', 'The content of a UTF-8 text file.'),
  fn('filebase64', [['path', 'string']], 'string', 'The content of a file (any bytes), Base64-encoded.'),
  fn('fileexists', [['path', 'string']], 'bool', 'True when a file exists at the path.'),
  fn('fileset', [['path', 'string'], ['pattern', 'string']], 'set(string)', 'The file names under a directory that match a glob pattern.'),
  fn('pathexpand', [['path', 'string']], 'string', 'Replaces a leading `~` by the current user’s home directory.'),
  fn('templatefile', [['path', 'string'], ['vars', 'map(any)']], 'string', 'Renders a template file (by convention `*.pkrtpl.hcl`) with the given variables.'),
  // date and time
  fn('formatdate', [['format', 'string'], ['timestamp', 'string']], 'string', 'Formats an RFC 3339 timestamp with a spec such as `YYYY-MM-DD hh:mm`.'),
  fn('legacy_isotime', [['format', 'string']], 'string', 'The current UTC time formatted with a Go layout, like the JSON templates’ `isotime`.'),
  fn('legacy_strftime', [['format', 'string']], 'string', 'The current UTC time formatted with a C `strftime` layout, like the JSON templates’ `strftime`.'),
  fn('rfc3339_parse', [['timestamp', 'string']], 'object', 'Splits an RFC 3339 timestamp into its parts (year, month, day, hour, …; Packer 1.16 and later).'),
  fn('timeadd', [['timestamp', 'string'], ['duration', 'string']], 'string', 'Adds a duration such as `1h30m` to an RFC 3339 timestamp.'),
  fn('timestamp', [], 'string', 'The current UTC time as an RFC 3339 string; it changes on every evaluation.'),
  fn('unix_timestamp_parse', [['timestamp', 'number']], 'object', 'Splits a Unix timestamp (seconds) into its date and time parts (Packer 1.16 and later).'),
  // hash and crypto
  fn('bcrypt', [['string', 'string']], 'string', 'Hashes a string with bcrypt; an optional second argument sets the cost.', { variadic: ['cost', 'number'] }),
  fn('md5', [['string', 'string']], 'string', 'The MD5 hash of a string, in hexadecimal.'),
  fn('rsadecrypt', [['ciphertext', 'string'], ['private_key', 'string']], 'string', 'Decrypts Base64 RSA ciphertext with a PEM private key.'),
  fn('sha1', [['string', 'string']], 'string', 'The SHA-1 hash of a string, in hexadecimal.'),
  fn('sha256', [['string', 'string']], 'string', 'The SHA-256 hash of a string, in hexadecimal.'),
  fn('sha512', [['string', 'string']], 'string', 'The SHA-512 hash of a string, in hexadecimal.'),
  // ip networks
  fn('cidrhost', [['prefix', 'string'], ['host_number', 'number']], 'string', 'The IP address of the given host number within a CIDR prefix.'),
  fn('cidrnetmask', [['prefix', 'string']], 'string', 'The netmask of an IPv4 CIDR prefix in dotted form.'),
  fn('cidrsubnet', [['prefix', 'string'], ['new_bits', 'number'], ['net_number', 'number']], 'string', 'A subnet of a CIDR prefix, extended by `new_bits` and numbered `net_number`.'),
  fn('cidrsubnets', [['prefix', 'string']], 'list(string)', 'Consecutive subnets of a prefix, one per given number of additional bits.', {
    variadic: ['new_bits', 'number'],
  }),
  // uuid
  fn('uuidv4', [], 'string', 'A new random UUID; it changes on every evaluation.'),
  fn('uuidv5', [['namespace', 'string'], ['name', 'string']], 'string', 'A name-based UUID: the same namespace (`dns`, `url`, `oid`, `x500` or a UUID) and name give the same result.'),
  // conversion
  fn('can', [['expression', 'any']], 'bool', 'True when the expression evaluates without error; used in validation conditions.'),
  fn('convert', [['value', 'any'], ['type', 'type']], 'any', 'Converts a value to the given type expression, e.g. `convert(var.x, list(string))`.'),
  fn('try', [], 'any', 'The value of the first argument expression that evaluates without error.', { variadic: ['expressions', 'any'] }),
  // Packer's own: secrets and environment
  fn('aws_secretsmanager', [['name', 'string'], ['key', 'string']], 'string', 'A key of a JSON secret stored in AWS Secrets Manager (use `null` as key for a plain-text secret).'),
  fn('aws_secretsmanager_raw', [['name', 'string']], 'string', 'The whole value of a secret stored in AWS Secrets Manager, unparsed.'),
  fn('consul_key', [['key', 'string']], 'string', 'The value of a key in Consul’s key/value store (uses `CONSUL_HTTP_ADDR`).'),
  fn('vault', [['path', 'string'], ['key', 'string']], 'string', 'A key of a secret read from HashiCorp Vault (uses `VAULT_ADDR` and `VAULT_TOKEN`).'),
  fn('env', [['name', 'string']], 'string', 'The value of an environment variable, or an empty string when unset.', {
    restriction: 'Only allowed in the `default` of a `variable` block.',
  }),
];

export const functions: Record<string, FunctionSchema> = Object.fromEntries(definitions.map((schema) => [schema.name, schema]));
