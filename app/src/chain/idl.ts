// The steward's IDL (idl/steward.json, written by Anchor from the program): instruction
// discriminators, field order and types. Borsh arguments are decoded by it, and the zero-copy
// (`repr(C)`) accounts are laid out by it, so nothing here restates the program's structs.
import { getAddressDecoder, type Address } from "@solana/kit";
import stewardIdl from "../../../idl/steward.json";
import { Borsh } from "./borsh";

export type IdlType =
  | string
  | { option: IdlType }
  | { vec: IdlType }
  | { array: [IdlType, number] }
  | { defined: { name: string } };

interface IdlField { name: string; docs?: string[]; type: IdlType }
interface IdlTypeDef { name: string; docs?: string[]; repr?: { kind: string }; type: { kind: string; fields?: IdlField[] } }
interface IdlInstruction { name: string; discriminator: number[]; args: IdlField[] }
export interface Idl { address: string; instructions: IdlInstruction[]; types: IdlTypeDef[] }

export const STEWARD_IDL = stewardIdl as unknown as Idl;

export type Value = bigint | boolean | Address | null | Value[] | { [field: string]: Value };

function typeDef(idl: Idl, name: string): IdlTypeDef {
  const def = idl.types.find((t) => t.name === name);
  if (!def) throw new Error(`the IDL has no type ${name}`);
  return def;
}

/** A struct's fields, in order. */
export function structFields(idl: Idl, name: string): IdlField[] {
  const def = typeDef(idl, name);
  if (def.type.kind !== "struct" || !def.type.fields) throw new Error(`${name} is not a struct`);
  return def.type.fields;
}

export function instruction(idl: Idl, name: string): IdlInstruction {
  const ix = idl.instructions.find((i) => i.name === name);
  if (!ix) throw new Error(`the IDL has no instruction ${name}`);
  return ix;
}

const INTEGERS: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8 };

/** Reads one value of `type` as Borsh writes it (integers as bigint). */
export function readBorsh(idl: Idl, type: IdlType, r: Borsh): Value {
  if (typeof type === "string") {
    switch (type) {
      case "bool": return r.bool();
      case "u8": return BigInt(r.u8());
      case "u16": return BigInt(r.u16());
      case "u32": return BigInt(r.u32());
      case "u64": return r.u64();
      case "i64": return r.i64();
      case "pubkey": return r.key();
      default: throw new Error(`Borsh type ${type} is not supported`);
    }
  }
  if ("option" in type) return r.option((rr) => readBorsh(idl, type.option, rr));
  if ("vec" in type) return r.vec((rr) => readBorsh(idl, type.vec, rr));
  if ("array" in type) return Array.from({ length: type.array[1] }, () => readBorsh(idl, type.array[0], r));
  const out: { [field: string]: Value } = {};
  for (const f of structFields(idl, type.defined.name)) out[f.name] = readBorsh(idl, f.type, r);
  return out;
}

/** Decodes an instruction's arguments when `data` starts with the discriminator of `name`; null
 * otherwise. */
export function decodeInstructionArgs(idl: Idl, name: string, data: Uint8Array): Record<string, Value> | null {
  const ix = instruction(idl, name);
  if (data.length < ix.discriminator.length || ix.discriminator.some((b, i) => data[i] !== b)) return null;
  const r = new Borsh(data, ix.discriminator.length);
  const args: Record<string, Value> = {};
  for (const a of ix.args) args[a.name] = readBorsh(idl, a.type, r);
  return args;
}

export interface CField { name: string; docs: string[]; type: IdlType; offset: number; size: number }
export interface CLayout { size: number; align: number; fields: CField[] }

const roundUp = (n: number, align: number) => Math.ceil(n / align) * align;

function cSizeAlign(idl: Idl, type: IdlType): { size: number; align: number } {
  if (typeof type === "string") {
    if (type === "bool") return { size: 1, align: 1 };
    if (type === "pubkey") return { size: 32, align: 1 };
    const n = INTEGERS[type];
    if (!n) throw new Error(`repr(C) type ${type} is not supported`);
    return { size: n, align: n };
  }
  if ("array" in type) {
    const item = cSizeAlign(idl, type.array[0]);
    return { size: item.size * type.array[1], align: item.align };
  }
  if ("defined" in type) {
    const l = reprCLayout(idl, type.defined.name);
    return { size: l.size, align: l.align };
  }
  throw new Error("Options and vecs have no repr(C) layout");
}

/** The offsets of a `#[repr(C)]` struct's fields (each at the next multiple of its alignment; the
 * size a multiple of the largest alignment), as the zero-copy accounts store them. */
export function reprCLayout(idl: Idl, name: string): CLayout {
  const def = typeDef(idl, name);
  if (def.repr?.kind !== "c") throw new Error(`${name} is not repr(C)`);
  let at = 0;
  let align = 1;
  const fields: CField[] = [];
  for (const f of structFields(idl, name)) {
    const sa = cSizeAlign(idl, f.type);
    at = roundUp(at, sa.align);
    fields.push({ name: f.name, docs: f.docs ?? [], type: f.type, offset: at, size: sa.size });
    at += sa.size;
    align = Math.max(align, sa.align);
  }
  return { size: roundUp(at, align), align, fields };
}

/** Reads a little-endian integer, bool or pubkey field of a zero-copy account. */
export function readCField(data: Uint8Array, at: number, type: IdlType): bigint | boolean | Address {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  switch (type) {
    case "bool": return data[at] !== 0;
    case "u8": return BigInt(data[at]);
    case "u16": return BigInt(view.getUint16(at, true));
    case "u32": return BigInt(view.getUint32(at, true));
    case "u64": return view.getBigUint64(at, true);
    case "i64": return view.getBigInt64(at, true);
    case "pubkey": return getAddressDecoder().decode(data, at);
    default: throw new Error(`cannot read a ${JSON.stringify(type)} field`);
  }
}

// ---- The steward's parameters ----------------------------------------------------------------

/** Anchor's account discriminator before every zero-copy account's struct. */
const ACCOUNT_DISCRIMINATOR = 8;

export interface ParameterField {
  /** The field's name (`ParametersUpdate`'s, equal to `Parameters`'). */
  name: string;
  /** What it is, from the IDL's docs of `Parameters`. */
  docs: string;
}

/** Every field an `update_parameters` may change, in the IDL's order. */
export function parameterFields(idl: Idl = STEWARD_IDL): ParameterField[] {
  const docs = new Map(structFields(idl, "Parameters").map((f) => [f.name, (f.docs ?? []).join(" ")]));
  return structFields(idl, "ParametersUpdate").map((f) => ({ name: f.name, docs: docs.get(f.name) ?? "" }));
}

export interface StewardConfigView {
  parametersAuthority: Address;
  /** Every parameter's current value, by field name. */
  parameters: Record<string, bigint>;
}

/** The steward config's parameters authority and parameters, at the offsets its IDL lays out. */
export function decodeStewardParameters(data: Uint8Array, idl: Idl = STEWARD_IDL): StewardConfigView {
  const config = reprCLayout(idl, "Config");
  const field = (name: string) => {
    const f = config.fields.find((x) => x.name === name);
    if (!f) throw new Error(`Config has no field ${name}`);
    return f;
  };
  const authority = field("parameters_authority");
  const base = ACCOUNT_DISCRIMINATOR + field("parameters").offset;
  const parameters: Record<string, bigint> = {};
  for (const p of reprCLayout(idl, "Parameters").fields) {
    if (p.name === "padding") continue;
    parameters[p.name] = readCField(data, base + p.offset, p.type) as bigint;
  }
  return { parametersAuthority: readCField(data, ACCOUNT_DISCRIMINATOR + authority.offset, "pubkey") as Address, parameters };
}

/** The fields an `update_parameters` instruction's data sets (its `Some` fields), or null when the
 * data is not an `update_parameters` of this IDL. */
export function decodeParametersUpdate(data: Uint8Array, idl: Idl = STEWARD_IDL): Record<string, bigint> | null {
  const args = decodeInstructionArgs(idl, "update_parameters", data);
  if (!args) return null;
  const arg = instruction(idl, "update_parameters").args.find(
    (a) => typeof a.type === "object" && "defined" in a.type && a.type.defined.name === "ParametersUpdate",
  );
  if (!arg) throw new Error("update_parameters takes no ParametersUpdate");
  const update = args[arg.name] as Record<string, Value>;
  const set: Record<string, bigint> = {};
  for (const [name, value] of Object.entries(update)) if (value !== null) set[name] = value as bigint;
  return set;
}
