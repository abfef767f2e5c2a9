import type { Request } from 'express';
import { AuditStatesRepository } from '@app/persistence';
import type { Principal } from '../auth/principal';

/** Reads the state a change touches; called once before the change and once after it (with the handler's answer). */
export type StateReader = (result?: unknown) => Promise<unknown>;

type AuditedRequest = Request & { principal?: Principal };
type Subject = (states: AuditStatesRepository, req: AuditedRequest) => Promise<StateReader | null>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : null);
const list = (v: unknown): string[] => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string' && x.length > 0).slice(0, 50);
const gss = (v: unknown): string | null => (typeof v === 'string' && /^[A-Z]\d{8}$/.test(v) ? v : null);
/** The id of what a handler made or changed, where its answer has one. */
export const resultId = (result: unknown): string | null => (result && typeof result === 'object' && 'id' in result ? String((result as { id: unknown }).id) : null);

/** The council a request names in its body or form (a GSS code), else the caller's own. */
export const councilOf = (req: AuditedRequest): string | null => gss(req.body?.council) ?? req.principal?.councilCode ?? null;

/**
 * Which suppliers a merge, split or "keep apart" touches, as the names registers write: read once
 * before the change, so that "after" shows where the same names went even when ids change.
 */
const supplierNames: Subject = async (states, req) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const ids = [int(body.supplierA), int(body.supplierB), int(body.supplierId)].filter((n): n is number => n !== null);
  const names = [...new Set([text(body.nameA), text(body.nameB), ...list(body.names), ...(await states.supplierNames(ids))].filter(Boolean))];
  return names.length ? async () => states.suppliersOf(names) : null;
};

const alertState: Subject = async (states, req) => {
  const id = int(req.params.id);
  return id === null ? null : async () => states.alert(id);
};

const alertSettings: Subject = async (states, req) => {
  const code = gss(req.params.code);
  return code ? async () => states.alertSettings(code) : null;
};

const councilRegister: Subject = async (states, req) => {
  const code = councilOf(req);
  return code ? async () => states.currentRegister(code) : null;
};

const triage: Subject = async (states, req) => async () => states.opportunityTriage(text(req.params.id));

const tokenRevoked: Subject = async (states, req) => async () => states.token(text(req.params.id));

/**
 * For each route that changes the register, the part of it the change touches. A route not here
 * is logged with what was asked but no before and after (starting a run, accepting an invitation).
 */
export const AUDIT_SUBJECTS: Record<string, Subject> = {
  'POST /api/imports': councilRegister,
  'POST /upload': councilRegister,
  'PUT /api/councils/:code/column-mapping': async (states, req) => {
    const code = gss(req.params.code);
    return code ? async () => states.columnMapping(code) : null;
  },
  'POST /imports/:id/mapping': async (states, req) => {
    const code = await states.importCouncil(text(req.params.id));
    return code ? async () => states.columnMapping(code) : null;
  },
  'PUT /api/contracts/:id/classification': async (states, req) => {
    const id = int(req.params.id);
    return id === null ? null : async () => states.contractClassification(id);
  },
  'POST /api/opportunities/:id/triage': triage,
  'POST /opportunities/:id/triage': triage,
  'PUT /api/councils/:code/alert-settings': alertSettings,
  'POST /councils/:code/alert-settings': alertSettings,
  'POST /api/alerts/:id/snooze': alertState,
  'POST /api/alerts/:id/acknowledge': alertState,
  'POST /api/alerts/:id/snooze/confirm': alertState,
  'POST /api/alerts/:id/in-hand': alertState,
  'POST /api/suppliers/merge': supplierNames,
  'POST /api/suppliers/never-merge': supplierNames,
  'POST /api/suppliers/split': supplierNames,
  'POST /suppliers/decision': supplierNames,
  'POST /suppliers/split': supplierNames,
  'POST /suppliers/merge': supplierNames,
  'POST /api/suppliers/:id/rename': async (states, req) => {
    const id = int(req.params.id);
    return id === null ? null : async () => states.supplier(id);
  },
  'POST /users': async (states, req) => {
    const email = text(req.body?.email).trim().toLowerCase();
    return email ? async () => states.user({ email }) : null;
  },
  'POST /users/:id/remove': async (states, req) => {
    const id = int(req.params.id);
    return id === null ? null : async () => states.user({ id });
  },
  'POST /api/tokens': async (states) => async (result) => {
    const id = resultId(result);
    return id ? states.token(id) : null;
  },
  'DELETE /api/tokens/:id': tokenRevoked,
  'POST /users/tokens/:id/revoke': tokenRevoked,
  'PUT /api/assets': async (states, req) => {
    const code = gss(req.body?.council);
    const system = text(req.body?.system).trim();
    return code && system ? async () => states.asset(code, system) : null;
  },
  'POST /api/assets/application-list': async (states, req) => {
    const code = councilOf(req);
    return code ? async () => states.assetCount(code) : null;
  },
};
