import type { Logo, Profile } from '../../../shared/api/profileContract';

/** Who prepared the report and under which brands; not signed content. */
export interface Branding {
  /** The consultant (the profile's name): printed on the cover and the PDF's author. */
  author: string | null;
  organisation: string;
  /** The brand the report goes out under: the profile's consultancy, else its organisation. */
  consultancy: string;
  consultancyLogo: Logo | null;
  customerLogo: Logo | null;
}

export const NO_BRANDING: Branding = { author: null, organisation: '', consultancy: '', consultancyLogo: null, customerLogo: null };

export function brandingOf(profile: Profile | null, customerLogo: Logo | null): Branding {
  if (!profile) return { ...NO_BRANDING, customerLogo };
  return {
    author: profile.name,
    organisation: profile.organisation,
    consultancy: profile.consultancy || profile.organisation,
    consultancyLogo: profile.consultancyLogo,
    customerLogo,
  };
}
