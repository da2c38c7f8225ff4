import type { DemoCoalition } from './generate';

/** A person the demo data holds at every partner: the first one, so the sample is stable for a seed. */
export function samplePerson(demo: DemoCoalition): string {
  const person = demo.people.find((p) => p.records.length === demo.partners.length) ?? demo.people[0];
  return person.gsid;
}

/** The sample queries `npm start` prints; an end-to-end test runs each of them. */
export function sampleQueries(demo: DemoCoalition): Array<{ title: string; query: string }> {
  return [
    {
      title: 'One person across all partners, under one GSID',
      query: `{
  stakeholder(gsid: "${samplePerson(demo)}") {
    gsid
    links { partnerId localId method }
    records {
      partnerId localId programType enrolledOn exitedOn
      stageEvents { stage enteredOn exitedOn }
      outcomes { indicatorCode indicatorVersion period valueBoolean valueNumber }
    }
  }
}`,
    },
    {
      title: 'Network count by partner and sex, computed inside each partner database',
      query: `{
  network {
    participantCount(by: [PARTNER, SEX]) {
      total
      partners
      cells { values { dimension value } count }
    }
  }
}`,
    },
    {
      title:
        'Employment rate Q2 after exit, by sex and race, against the program year before (live for the backbone; the funder token reads the releases approved below)',
      query: `{
  networkIndicator(code: "EMP_Q2", period: { programYear: 2024 }, by: [SEX, RACE_GROUP], compareTo: { programYear: 2023 }) {
    code version period comparisonPeriod countUnit release { id approvedAt }
    disclosureControl { applied minimumCellSize }
    total { current { people value } previous { people value } change }
    cells {
      values { dimension value }
      current { people numerator value suppressed suppression }
      previous { value suppressed }
      change
    }
  }
}`,
    },
    {
      title:
        'What participants said made it hard and what helped, coded at each partner (only counts leave it): people mentioning each theme in their exit answers, counted once across partners',
      query: `{
  networkThemes(codebook: "WORKFORCE_BARRIERS", wave: EXIT, period: { programYear: 2024 }, by: [SEX]) {
    codebook version wave
    themes { code label kind figures { total { current { people numerator value } } cells { key current { people numerator value suppressed } } } }
  }
}`,
    },
    {
      title: 'Approve releases of program years 2023 and 2024 for funders (backbone token), then poll releaseApproval(id) until APPROVED',
      query: `mutation {
  py2023: approveRelease(period: { programYear: 2023 }, note: "demo") { id status figuresTotal }
  py2024: approveRelease(period: { programYear: 2024 }, note: "demo") { id status figuresTotal }
}`,
    },
    {
      title: 'Partners from the registry, each with a page of its own participants',
      query: `{
  partners {
    id name programType status
    participants(first: 3) { nodes { localId cohort ageBand raceGroup sex } }
  }
}`,
    },
  ];
}
