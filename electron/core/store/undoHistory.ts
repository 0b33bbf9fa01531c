// The undo history of the open engagement: one list for every window, each step one change the
// consultant made (an answer, a VM, a component, an application, setup, a bulk change, an
// import), in order. A step is undone only when every row it touched is still exactly as it
// left them, and never unseen when another window made it: otherwise the undo is refused and
// says why. The history lives as long as the file stays open here (a reload of the page keeps it).
import type { StepPlace, StepTouched, UndoState, UndoStep, ViewPart } from '../../../shared/api/editContract';
import { CwbError } from '../errors';
import { undoAnswerImport } from './answers';
import { undoInventoryImport } from './inventoryImports';
import { auditTarget, describeRow } from './journalRows';
import { RowConflict, RowJournal } from './rowJournal';
import type { StoreContext } from './storeContext';

/** What a change is, as the undo button and the "Undid: …" message name it. */
export interface StepMeta {
  label: string;
  from?: string | undefined;
  to?: string | undefined;
  place: StepPlace;
  /** Typed text saved a few seconds apart on the same field (same key) becomes one step. */
  typingKey?: string | undefined;
}

type StepBase = StepMeta & { id: number; origin: string | null; at: number; touched: StepTouched };
type RowsStep = StepBase & { kind: 'rows'; ranges: [number, number][] };
type ImportStep = StepBase & { kind: 'inventory-import' | 'answer-import'; importId: string };
type Step = RowsStep | ImportStep;

const LIMIT = 200;
const TYPING_WINDOW_MS = 5000;
/** Past this many applications a window reads them all again rather than name each. */
const NAMED_APPLICATIONS = 200;

const PART_OF_TABLE: Record<string, ViewPart> = {
  engagement: 'details',
  // Read with the details: the screen that shows it reads it again when they change.
  customer_logo: 'details',
  site: 'setup',
  site_distance: 'setup',
  azure_stack_system: 'setup',
  hardware_profile: 'setup',
  protection_policy: 'setup',
  estimate_assumption: 'setup',
  application: 'applications',
  component: 'applications',
  answer: 'applications',
  attachment: 'applications',
  vm: 'vms',
};
const ALL_PARTS: ViewPart[] = ['details', 'setup', 'applications', 'vms'];

function joinTouched(a: StepTouched, b: StepTouched): StepTouched {
  const parts = [...new Set([...a.parts, ...b.parts])];
  if (!a.applicationIds || !b.applicationIds) return { parts };
  const applicationIds = [...new Set([...a.applicationIds, ...b.applicationIds])];
  return applicationIds.length > NAMED_APPLICATIONS ? { parts } : { parts, applicationIds };
}

export class UndoHistory {
  private readonly journal: RowJournal;
  private undoStack: Step[] = [];
  private redoStack: Step[] = [];
  private nextId = 1;

  constructor(private readonly store: StoreContext) {
    this.journal = new RowJournal(store.db);
  }

  /** Runs `work` as one transaction and one undo step (none when it changed nothing). */
  record<T>(meta: StepMeta, origin: string | null, work: () => T): T {
    let range: [number, number] = [1, 0];
    const result = this.store.write('saving a change in', () => {
      const recorded = this.journal.record(work);
      range = [recorded.first, recorded.last];
      return recorded.result;
    });
    if (range[1] < range[0]) return result;
    const top = this.undoStack.at(-1);
    const at = Date.now();
    const touched = this.touched(range);
    if (meta.typingKey && top?.kind === 'rows' && top.typingKey === meta.typingKey && top.origin === origin && at - top.at < TYPING_WINDOW_MS) {
      top.ranges.push(range);
      top.to = meta.to;
      top.at = at;
      top.touched = joinTouched(top.touched, touched);
    } else {
      this.push({ ...meta, id: this.nextId++, origin, at, touched, kind: 'rows', ranges: [range] });
    }
    return result;
  }

  /** Which parts of the engagement (and which applications) a range of entries changed. */
  private touched([first, last]: [number, number]): StepTouched {
    const tables = this.journal.tablesBetween(first, last);
    // A table this version does not place (another module's): read everything again.
    if (tables.some((table) => !PART_OF_TABLE[table])) return { parts: ALL_PARTS };
    const parts = [...new Set(tables.map((table) => PART_OF_TABLE[table]!))];
    if (!parts.includes('applications')) return { parts };
    const applicationIds = this.journal.applicationIdsBetween(first, last);
    return applicationIds.length > NAMED_APPLICATIONS ? { parts } : { parts, applicationIds };
  }

  /** An import applied: undone through the import's own undo, which checks nothing was edited since. */
  recordImport(kind: 'inventory-import' | 'answer-import', importId: string, label: string, origin: string | null): void {
    const touched: StepTouched = { parts: kind === 'inventory-import' ? ['applications', 'vms'] : ['applications'] };
    this.push({ label, place: { view: kind === 'inventory-import' ? 'vms' : 'interview' }, id: this.nextId++, origin, at: Date.now(), touched, kind, importId });
  }

  /** The import was undone from its own screen: it leaves the history. */
  forgetImport(importId: string): void {
    this.undoStack = this.undoStack.filter((step) => step.kind === 'rows' || step.importId !== importId);
  }

  /** After a sign-off: what was signed cannot be undone into, and a reopened engagement starts afresh. */
  clear(): void {
    for (const step of [...this.undoStack, ...this.redoStack]) this.forgetRows(step);
    this.undoStack = [];
    this.redoStack = [];
  }

  state(caller: string | null): UndoState {
    return { undo: this.summary(this.undoStack.at(-1), caller), redo: this.summary(this.redoStack.at(-1), caller) };
  }

  undo(caller: string | null, expectedId: number | null): UndoStep {
    this.store.refuseChanges();
    const step = this.next(this.undoStack, 'undo', caller, expectedId);
    this.undoStack.pop();
    try {
      if (step.kind === 'rows') this.apply(step, 'before');
      else if (step.kind === 'inventory-import') undoInventoryImport(this.store, step.importId);
      else undoAnswerImport(this.store, step.importId);
    } catch (error) {
      throw this.refusal(error, step, this.undoStack, 'undone');
    }
    if (step.kind === 'rows') this.redoStack.push(step);
    return this.summary(step, caller)!;
  }

  redo(caller: string | null, expectedId: number | null): UndoStep {
    this.store.refuseChanges();
    const step = this.next(this.redoStack, 'redo', caller, expectedId);
    this.redoStack.pop();
    try {
      if (step.kind === 'rows') this.apply(step, 'after');
    } catch (error) {
      throw this.refusal(error, step, this.redoStack, 'redone');
    }
    this.undoStack.push(step);
    return this.summary(step, caller)!;
  }

  private next(stack: Step[], doing: 'undo' | 'redo', caller: string | null, expectedId: number | null): Step {
    const step = stack.at(-1);
    if (!step) throw new CwbError('NOT_FOUND', `There is nothing to ${doing}.`, { state: this.state(caller) });
    if (step.id !== expectedId && (step.origin === null || step.origin !== caller)) {
      throw new CwbError(
        'STALE',
        `The last change was made in another window: ${step.label}. Nothing was ${doing === 'undo' ? 'undone' : 'redone'}; ${doing} again to take that change ${doing === 'undo' ? 'back' : 'up again'}.`,
        { state: this.state(caller) },
      );
    }
    return step;
  }

  /** Puts every row of the step back (`before`: undo) or forward again (`after`: redo), in one transaction, audited. */
  private apply(step: RowsStep, to: 'before' | 'after'): void {
    const entries = step.ranges.flatMap(([first, last]) => this.journal.entriesBetween(first, last));
    if (to === 'before') entries.reverse();
    this.store.write(to === 'before' ? 'undoing a change in' : 'redoing a change in', () => {
      for (const entry of entries) {
        const images = this.journal.images(entry);
        // Whatever else the put-back changes (a cascade, a trigger) was not part of the step: refused.
        const made = this.journal.record(() => this.journal.restore(entry, to));
        if (made.last !== made.first) {
          const logged = this.journal.entriesBetween(made.first, made.last);
          const other = logged.find((candidate) => candidate.table !== entry.table) ?? logged[0]!;
          const otherImages = this.journal.images(other);
          throw new RowConflict(other.table, otherImages.before ?? otherImages.after ?? {});
        }
        this.journal.forget(made.first, made.last);
        const target = auditTarget(this.store, entry.table, images.after ?? images.before ?? {});
        const [from, next] = to === 'before' ? [images.after, images.before] : [images.before, images.after];
        this.store.audit(to === 'before' ? 'undo' : 'redo', target.entity, target.entityId, target.field, target.value(from), target.value(next));
      }
    });
  }

  /**
   * A step whose rows changed since (or an import edited since) can never be put back: it leaves
   * the list, so older steps stay reachable. Any other failure (a full disk...) puts it back.
   */
  private refusal(error: unknown, step: Step, stack: Step[], done: 'undone' | 'redone'): unknown {
    if (error instanceof RowConflict) {
      this.forgetRows(step);
      return new CwbError('STALE', `“${step.label}” cannot be ${done}: ${describeRow(error.table, error.row)} has changed since. Nothing was ${done}, and this step is taken off the list.`, {
        reason: 'changed-since',
      });
    }
    if (error instanceof CwbError && error.code === 'VALIDATION') return new CwbError('STALE', error.message, error.details);
    stack.push(step);
    return error;
  }

  private push(step: Step): void {
    this.undoStack.push(step);
    for (const dropped of this.undoStack.splice(0, Math.max(0, this.undoStack.length - LIMIT))) this.forgetRows(dropped);
    for (const dropped of this.redoStack) this.forgetRows(dropped);
    this.redoStack = [];
  }

  private forgetRows(step: Step): void {
    if (step.kind === 'rows') for (const [first, last] of step.ranges) this.journal.forget(first, last);
  }

  private summary(step: Step | undefined, caller: string | null): UndoStep | null {
    if (!step) return null;
    return {
      id: step.id,
      label: step.label,
      ...(step.from !== undefined ? { from: step.from } : {}),
      ...(step.to !== undefined ? { to: step.to } : {}),
      mine: step.origin !== null && step.origin === caller,
      at: new Date(step.at).toISOString(),
      place: step.place,
      touched: step.touched,
    };
  }
}

