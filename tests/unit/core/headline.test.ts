import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickHeadline } from '../../../src/core/import/headline';
import { parseTextFile } from '../../../src/core/import/text';

const ARTICLES = join(__dirname, '../../fixtures/articles');

/** Pages as people save them from a browser (select all, copy, paste into a text file). */
const SHAPES: { shape: string; text: string; title: string }[] = [
  {
    shape: 'BBC page with accessibility links and navigation',
    text: 'Accessibility links\nSkip to content\nAccessibility Help\nBBC Account\nNotifications\nHome\nNews\nSport\nWeather\nMali: Dozens killed in attack on bus near Bandiagara\nPublished\n4 December 2021\nShare\nAt least 31 people have been killed after gunmen attacked a bus in central Mali.',
    title: 'Mali: Dozens killed in attack on bus near Bandiagara',
  },
  {
    shape: 'blog with its site name first',
    text: 'Homeland Security Network Blog\nAnalysis · Sahel\nTerrorist cells are spreading across central Mali\nBy Staff Writer | 14 March 2022\nTerrorist cells are spreading across central Mali, officials warn, as JNIM extends its reach.',
    title: 'Terrorist cells are spreading across central Mali',
  },
  {
    shape: 'breadcrumb glued to the headline',
    text: 'Home World News In Mali, gunmen kill 31 on a bus to market\nIn Mali, gunmen kill 31 on a bus to market. Local officials said the attack happened on Friday.',
    title: 'In Mali, gunmen kill 31 on a bus to market',
  },
  {
    shape: 'breadcrumb with separators',
    text: 'Home > Africa > Mali\nJihadists ambush army convoy near Mondoro\nMarch 8, 2022\nSuspected jihadists ambushed a convoy of Malian soldiers near Mondoro on Monday.',
    title: 'Jihadists ambush army convoy near Mondoro',
  },
  {
    shape: 'French page: aller au contenu, menu, partage',
    text: 'Aller au contenu principal\nMenu\nRechercher\nAccueil > Afrique > Mali\nMali : au moins 132 civils tués dans le cercle de Bankass\nPublié le 21 juin 2022 à 18h04\nPartager sur Facebook\nPartager sur Twitter\nAu moins 132 civils ont été tués samedi et dimanche dans le centre du Mali.',
    title: 'Mali : au moins 132 civils tués dans le cercle de Bankass',
  },
  {
    shape: 'cookie banner first',
    text: 'We use cookies to improve your experience. By continuing you accept our use of cookies.\nAccept all cookies\nManage preferences\nUN condemns deadly attack on peacekeepers in Kidal region\nTwo MINUSMA peacekeepers were killed on Tuesday.',
    title: 'UN condemns deadly attack on peacekeepers in Kidal region',
  },
  {
    shape: 'French cookie banner and subscription prompt',
    text: 'Nous utilisons des cookies pour améliorer votre expérience.\nTout accepter\nContinuer sans accepter\nAbonnez-vous\nSe connecter\nAttaque jihadiste contre un camp militaire à Sévaré\nUn attentat-suicide a visé samedi le camp militaire de Sévaré.',
    title: 'Attaque jihadiste contre un camp militaire à Sévaré',
  },
  {
    shape: 'headline repeated as the first sentence',
    text: 'Gunmen kill 12 villagers in Songho, near Bandiagara\nShare this\nGunmen kill 12 villagers in Songho, near Bandiagara, a local official said on Wednesday.',
    title: 'Gunmen kill 12 villagers in Songho, near Bandiagara',
  },
  {
    shape: 'wire copy with dateline only',
    text: 'BAMAKO, Dec 8 (Reuters) - At least 31 people were killed when gunmen attacked a bus in central Mali, officials said.\nThe attack happened near Bandiagara.',
    title: 'At least 31 people were killed when gunmen attacked a bus in central Mali, officials said',
  },
  {
    shape: 'title in capitals with a kicker',
    text: 'SAHEL\nMALI: ARMY SAYS IT REPELLED JNIM ATTACK ON DOUENTZA BASE\nSeptember 11, 2023\nThe Malian army said it repelled an attack on its base in Douentza on Sunday.',
    title: 'MALI: ARMY SAYS IT REPELLED JNIM ATTACK ON DOUENTZA BASE',
  },
  {
    shape: 'log-in and account links',
    text: 'Sign in\nRegister\nSubscribe\nMy account\nDrone strike kills 15 JNIM fighters near Boulkessi, Barkhane says\nOperation Barkhane said on Thursday a drone strike killed about 15 fighters.',
    title: 'Drone strike kills 15 JNIM fighters near Boulkessi, Barkhane says',
  },
  {
    shape: 'advertisement line and image caption',
    text: 'Advertisement\nImage caption, Residents fled the village after the attack\nVillagers flee after attack on Ogossagou\nGunmen stormed the village of Ogossagou on Wednesday.',
    title: 'Villagers flee after attack on Ogossagou',
  },
  {
    shape: 'site name with a pipe after the headline',
    text: 'Mali: shelling kills four civilians in Gao | Africanews\nFour civilians were killed on Sunday when shells hit the city of Gao.',
    title: 'Mali: shelling kills four civilians in Gao',
  },
  {
    shape: 'site name with a dash after the headline, in French',
    text: 'Mali : quatre civils tués par des obus à Gao - Jeune Afrique\nQuatre civils ont été tués dimanche par des obus à Gao.',
    title: 'Mali : quatre civils tués par des obus à Gao',
  },
  {
    shape: 'a short menu of single words',
    text: 'News\nPolitics\nSecurity\nEconomy\nOpinion\nVideos\nCoordinated attacks hit army camps in Sokolo, Kalumba and Mopti\nAt least 15 soldiers and three civilians were killed.',
    title: 'Coordinated attacks hit army camps in Sokolo, Kalumba and Mopti',
  },
  {
    shape: 'date and byline before the headline',
    text: '12 March 2022\nBy Aïssata Diallo\nFighters from Islamic State kill around 40 civilians near Ménaka\nFighters from the Islamic State in the Greater Sahara killed around 40 civilians.',
    title: 'Fighters from Islamic State kill around 40 civilians near Ménaka',
  },
  {
    shape: 'no boilerplate: a plain report whose first line is the headline',
    text: 'Malian troops take control of Kidal after rebels withdraw\n\nMalian troops took control of Kidal on Tuesday after CSP rebels withdrew from the town.',
    title: 'Malian troops take control of Kidal after rebels withdraw',
  },
  {
    shape: 'a note with no headline at all: its first line',
    text: 'Interview with the mayor of Bankass, notes taken on the phone.\nHe said the village was attacked twice this month.',
    title: 'Interview with the mayor of Bankass, notes taken on the phone',
  },
  {
    shape: 'mixed languages: English menu, French article',
    text: 'Skip to main content\nMenu\nSearch\nLe JNIM revendique une embuscade près de Niono\nLe JNIM a revendiqué une embuscade contre une patrouille de l’armée près de Niono.',
    title: 'Le JNIM revendique une embuscade près de Niono',
  },
  {
    shape: 'read-more links and related stories before the headline',
    text: 'Related stories\nRead more: Sahel crisis explained\nLire aussi : Au Sahel, la crise sans fin\nArmed men abduct about 20 bus passengers near Bandiagara\nArmed men abducted about 20 passengers on Sunday.',
    title: 'Armed men abduct about 20 bus passengers near Bandiagara',
  },
  {
    shape: 'a typo-ridden scrape with a timestamp line',
    text: 'Updated 14:02 GMT\nLIVE\nJihadits ambush FAMa patrol near Nara, six soliders killed\nJihadits ambushed a FAMa patrol near Nara on saturday.',
    title: 'Jihadits ambush FAMa patrol near Nara, six soliders killed',
  },
  {
    shape: 'copyright and social lines at the top',
    text: '© 2023 Sahel Media. All rights reserved.\nFollow us on Facebook\nTwitter\nWhatsApp\nSuicide car bomb hits military camp in Sévaré\nA suicide car bomb exploded at the entrance of the camp on Saturday.',
    title: 'Suicide car bomb hits military camp in Sévaré',
  },
];

describe('the headline of a page saved as text', () => {
  it(`skips navigation and site boilerplate in ${SHAPES.length} page shapes`, () => {
    const wrong = SHAPES.map((s) => ({
      shape: s.shape,
      want: s.title,
      got: pickHeadline(s.text).title,
    })).filter((r) => r.want !== r.got);
    expect(SHAPES.length).toBeGreaterThanOrEqual(20);
    expect(wrong).toEqual([]);
  });

  it('titles the sample articles by their headlines', () => {
    const title = (name: string) =>
      parseTextFile(name, readFileSync(join(ARTICLES, name), 'utf8'), 'text').title;
    expect(title('mali-terrorist-cells-defenceweb.txt')).toBe('Mali organizes to stop terrorist cells');
    expect(title('mali-2022-03-security-deteriorating.txt')).toBe(
      'In Mali, the security situation is deteriorating dangerously',
    );
    expect(title('mali-2021-12-bus-attack-mopti.txt')).toBe(
      'The number of terrorist attacks is not decreasing, despite the strengthening of the foreign military presence in Mali',
    );
  });

  it('says that a title was guessed, and a text file gets it', () => {
    const page = SHAPES[0]!;
    expect(pickHeadline(page.text).guessed).toBe(true);
    const parsed = parseTextFile('bbc.txt', page.text, 'text');
    expect(parsed).toMatchObject({ title: page.title, titleGuessed: true, publishedAt: '2021-12-04' });
    // A Markdown heading is the file's own title, not a guess.
    expect(parseTextFile('a.md', '# Attack near Gao\n\nText.', 'markdown')).toMatchObject({
      title: 'Attack near Gao',
      titleGuessed: false,
    });
  });

  it('reads the published date a page prints when the file carries none', () => {
    expect(parseTextFile('p.txt', SHAPES[4]!.text, 'text').publishedAt).toBe('2022-06-21');
    // The file's own date line wins.
    expect(parseTextFile('p.txt', `date 2022-06-22\n${SHAPES[4]!.text}`, 'text').publishedAt).toBe(
      '2022-06-22',
    );
    expect(parseTextFile('p.txt', 'Gunmen attacked a bus on Friday.', 'text').publishedAt).toBeUndefined();
  });
});
