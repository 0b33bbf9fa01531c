import type { DisruptionScope } from '../domain/engagement';
import type { EstimateTerm, ScopeResult } from './assessment';
import { wordList } from './format';
import type { PlanStep } from './planContract';

/**
 * The steps of one application's recovery in a plan, in plain words, each with the time it takes
 * where the estimate has a term for it: the same terms as the results, so a step and the result
 * can never disagree about how long it takes.
 */

export interface StepContext {
  name: string;
  scope: DisruptionScope;
  result: ScopeResult;
  /** Where it comes back, in words ("ash-ehv-01", "public Azure", "new hardware"). */
  recoversOn: string | null;
  hostName: string | null;
  replicationTechnology: string | undefined;
  copyLocations: readonly string[] | undefined;
  balancerPlacement: string | undefined;
  waitsFor: readonly string[];
}

/** The backup copy a restore after this disruption reads from: the nearest one that survives it. */
const COPY_PREFERENCE: Record<DisruptionScope, readonly string[]> = {
  vm: ['same-system', 'same-site', 'other-site', 'offline', 'public-azure'],
  node: ['same-system', 'same-site', 'other-site', 'offline', 'public-azure'],
  system: ['same-site', 'other-site', 'offline', 'public-azure'],
  site: ['other-site', 'public-azure'],
  region: ['public-azure', 'other-site'],
};

const COPY_WORDS: Record<string, string> = {
  'same-system': 'the copy on the same system',
  'same-site': 'the copy elsewhere on the same site',
  'other-site': 'the copy on the other site',
  'public-azure': 'the copy in public Azure',
  offline: 'the offline copy',
};

function copyWords(context: StepContext): string {
  const chosen = COPY_PREFERENCE[context.scope].find((location) => context.copyLocations?.includes(location));
  return chosen ? COPY_WORDS[chosen]! : 'the backup copy';
}

function range(term: EstimateTerm): PlanStep['minutes'] {
  return { bestMinutes: term.bestMinutes, worstMinutes: term.worstMinutes };
}

function stepFor(term: EstimateTerm, context: StepContext): string {
  const { result } = context;
  const where = context.recoversOn ?? 'the recovery system';
  const external = context.balancerPlacement === 'external' || context.balancerPlacement === 'traffic-manager';
  switch (term.assumption) {
    case 'detectAndDecide':
      return 'Declare the disaster and decide to recover (one decision for everything it takes down)';
    case 'hardwareLeadTime':
      return 'Order, deliver and install a new Azure Stack Hub system; its infrastructure backup brings back its own configuration, never a VM or its data';
    case 'vmRebuild':
      return `Create the VMs on ${where} to restore into`;
    case 'restoreThroughput':
      return `Restore the data from ${copyWords(context)} onto ${where} (${term.label.replace(/^Restore /, '')})`;
    case 'failover':
      if (result.scheme === 'active-active') return 'Rebuild the entry point that was lost with the system';
      return context.replicationTechnology === 'azure-site-recovery'
        ? `Fail over with Site Recovery to ${where}`
        : `Promote the replica on ${where}`;
    case 'redeploy':
      return context.scope === 'vm' ? 'Redeploy the VM from its templates or source' : `Redeploy from templates or source on ${where}`;
    case 'trafficSwitch':
      if (result.scheme === 'active-active') return `Users move to ${where}${external ? ' through the external balancer' : ''}`;
      return external ? 'Point users at it through the external balancer' : 'Point users at it through DNS or the balancer';
    case 'balancerProbe':
      return 'The balancer stops sending users to the lost instances; nothing to do';
    case 'vmRestartAfterNodeFailure':
      return `The scale unit restarts its VMs on the surviving nodes of ${context.hostName ?? 'the system'}; check that ${context.name} starts`;
    default:
      return term.label;
  }
}

export function planSteps(context: StepContext): PlanStep[] {
  const { result } = context;
  const steps: PlanStep[] = [];
  if (context.waitsFor.length > 0) steps.push({ text: `Wait until ${wordList(context.waitsFor, 6)} ${context.waitsFor.length === 1 ? 'is' : 'are'} back`, minutes: null });
  if (result.achievable.outcome === 'unrecoverable') {
    steps.push({ text: `Nothing of ${context.name} survives this: ${lowerFirst(result.achievable.explanation)}`, minutes: null });
    return steps;
  }
  const terms = result.achievable.terms.filter((term) => term.measure === 'rto');
  if (terms.length === 0) {
    steps.push({ text: result.achievable.outcome === 'unknown' ? `Not known yet: ${lowerFirst(result.achievable.explanation)}` : result.achievable.explanation, minutes: null });
    return steps;
  }
  for (const term of terms) steps.push({ text: stepFor(term, context), minutes: range(term) });
  if (result.achievable.outcome === 'unknown') steps.push({ text: `How long this takes is not known yet: ${lowerFirst(result.achievable.explanation)}`, minutes: null });
  return steps;
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
