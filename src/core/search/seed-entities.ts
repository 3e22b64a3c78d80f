/**
 * The seed of the thesaurus: armed groups, forces and places that reporting on Mali names
 * in many ways (English and French names, acronyms, transliterations). The user can edit it;
 * the incidents work shares the same dictionary for actors and places.
 */
export type EntityKind = 'actor' | 'place';

export interface Entity {
  /** Stable key, e.g. `actor:jnim`. */
  id: string;
  kind: EntityKind;
  /** The name shown in facets and filters. */
  name: string;
  /** Every other way the entity is written; matched without regard to case or accents. */
  aliases: string[];
  /** A place the researcher located: it joins the gazetteer, ahead of any place of the same name. */
  lat?: number;
  lng?: number;
  admin1?: string;
  /** ISO 3166 code. */
  country?: string;
}

export const SEED_ENTITIES: Entity[] = [
  {
    id: 'actor:jnim',
    kind: 'actor',
    name: 'JNIM',
    aliases: [
      'GSIM',
      "Jama'at Nusrat al-Islam wal-Muslimin",
      "Jama'at Nusrat al-Islam Wal Muslimeen",
      "Jama'at Nasr al-Islam wal Muslimin",
      'Jamaat Nusrat al-Islam wal-Muslimin',
      'Nusrat al-Islam',
      'Support Group for Islam and Muslims',
      'Group to Support Islam and Muslims',
      "Groupe de soutien à l'islam et aux musulmans",
    ],
  },
  {
    id: 'actor:isgs',
    kind: 'actor',
    name: 'Islamic State Sahel',
    aliases: [
      'ISGS',
      'ISSP',
      'EIGS',
      'IS Sahel',
      'Islamic State in the Greater Sahara',
      'Islamic State Sahel Province',
      'État islamique au Grand Sahara',
      'Etat islamique au Sahel',
    ],
  },
  {
    id: 'actor:aqim',
    kind: 'actor',
    name: 'AQIM',
    aliases: [
      'Aqmi',
      'Al-Qaeda in the Islamic Maghreb',
      'al-Qaida in the Islamic Maghreb',
      'Al-Qaïda au Maghreb islamique',
    ],
  },
  {
    id: 'actor:mujao',
    kind: 'actor',
    name: 'MUJAO',
    aliases: [
      'MUJWA',
      'Movement for Oneness and Jihad in West Africa',
      "Mouvement pour l'unicité et le jihad en Afrique de l'Ouest",
    ],
  },
  {
    id: 'actor:al-mourabitoun',
    kind: 'actor',
    name: 'Al-Mourabitoun',
    aliases: ['al-Murabitun', 'Al Mourabitoune'],
  },
  {
    id: 'actor:katiba-macina',
    kind: 'actor',
    name: 'Katiba Macina',
    aliases: ['Macina Liberation Front', 'Front de libération du Macina', 'FLM', 'Katibat Macina'],
  },
  { id: 'actor:ansar-dine', kind: 'actor', name: 'Ansar Dine', aliases: ['Ansar Eddine', 'Ansar al-Din'] },
  {
    id: 'actor:fama',
    kind: 'actor',
    name: 'FAMa',
    aliases: ['Malian Armed Forces', 'Forces armées maliennes', 'Malian army', 'armée malienne'],
  },
  {
    id: 'actor:wagner',
    kind: 'actor',
    name: 'Wagner Group',
    aliases: ['Wagner', 'PMC Wagner', 'groupe Wagner', 'Africa Corps'],
  },
  {
    id: 'actor:minusma',
    kind: 'actor',
    name: 'MINUSMA',
    aliases: [
      'United Nations Multidimensional Integrated Stabilization Mission in Mali',
      'Mission multidimensionnelle intégrée des Nations unies pour la stabilisation au Mali',
    ],
  },
  {
    id: 'actor:csp',
    kind: 'actor',
    name: 'CSP',
    aliases: [
      'Cadre stratégique permanent',
      'Permanent Strategic Framework',
      'CSP-PSD',
      'Cadre stratégique permanent pour la paix, la sécurité et le développement',
    ],
  },
  {
    id: 'actor:barkhane',
    kind: 'actor',
    name: 'Operation Barkhane',
    aliases: ['Barkhane', 'opération Barkhane'],
  },
  { id: 'place:timbuktu', kind: 'place', name: 'Timbuktu', aliases: ['Tombouctou', 'Tumbutu'] },
  { id: 'place:segou', kind: 'place', name: 'Ségou', aliases: ['Segu'] },
  { id: 'place:mopti', kind: 'place', name: 'Mopti', aliases: [] },
  { id: 'place:gao', kind: 'place', name: 'Gao', aliases: [] },
  { id: 'place:kidal', kind: 'place', name: 'Kidal', aliases: [] },
  { id: 'place:menaka', kind: 'place', name: 'Ménaka', aliases: [] },
  { id: 'place:bamako', kind: 'place', name: 'Bamako', aliases: [] },
  { id: 'place:sevare', kind: 'place', name: 'Sévaré', aliases: [] },
  { id: 'place:djenne', kind: 'place', name: 'Djenné', aliases: ['Jenne'] },
  { id: 'place:bandiagara', kind: 'place', name: 'Bandiagara', aliases: [] },
  { id: 'place:douentza', kind: 'place', name: 'Douentza', aliases: [] },
];
