import type { Materializer } from '../../core/materializer.js';
import { ArrowTableMaterializer } from './arrow-table.js';
import { BigIntMaterializer } from './bigint.js';
import { BooleanMaterializer } from './boolean.js';
import { BytesMaterializer } from './bytes.js';
import { DateMaterializer } from './date.js';
import { JsonMaterializer } from './json.js';
import { MapMaterializer } from './map.js';
import { NullMaterializer } from './null.js';
import { NumberMaterializer } from './number.js';
import { SetMaterializer } from './set.js';
import { StringMaterializer } from './string.js';
import { StructuredCloneMaterializer } from './structured.js';
import { TypedArrayMaterializer } from './typed-array.js';

/**
 * Built-in materializers in the order they are asked; the most specific come first.
 * Buffer precedes the TypedArrays (a Buffer is a Uint8Array), and JSON comes last because
 * its predicate walks the whole value; after it, structured clone takes objects that nest
 * Dates, Maps, Sets, bigints and TypedArrays (anything but class instances).
 */
export const builtinMaterializers: readonly Materializer[] = [
  new NullMaterializer(),
  new BooleanMaterializer(),
  new NumberMaterializer(),
  new StringMaterializer(),
  new BigIntMaterializer(),
  new BytesMaterializer(),
  new TypedArrayMaterializer(),
  new DateMaterializer(),
  new MapMaterializer(),
  new SetMaterializer(),
  new ArrowTableMaterializer(),
  new JsonMaterializer(),
  new StructuredCloneMaterializer(),
];
