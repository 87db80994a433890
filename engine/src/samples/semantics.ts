/**
 * What a field is about, read from its name (and its entity's name): the words of a camelCase
 * name, matched against everyday English. Nothing here knows a particular template: a field
 * called `contactEmail` is an email in any industry.
 */
export type Semantic =
  | "email"
  | "phone"
  | "firstName"
  | "lastName"
  | "personName"
  | "company"
  | "city"
  | "country"
  | "street"
  | "postalCode"
  | "region"
  | "currency"
  | "language"
  | "timeZone"
  | "color"
  | "image"
  | "url"
  | "slug"
  | "title"
  | "longText"
  | "code"
  | "jobTitle"
  | "icon"
  | "word"
  | "text";

export type NumberSemantic =
  | "rating"
  | "percent"
  | "year"
  | "age"
  | "latitude"
  | "longitude"
  | "price"
  | "count"
  | "fewCount"
  | "duration"
  | "position"
  | "plain";

/** `contactEmail` → ["contact", "email"]; `URL` and digits stay whole words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const PERSON_QUALIFIERS =
  /^(full|display|contact|person|preferred|legal|stage|host|owner|member|customer|client|guest|invitee|user|author|reviewer|nick|pen|given|sender|recipient|speaker|artist|manager|emergency)$/;
const PERSON_ENTITIES =
  /^(person|people|member|user|contact|customer|guest|employee|staff|author|talent|artist|student|patient|player|speaker|lead|candidate|applicant|volunteer|driver|tenant|resident|teacher|coach|instructor|attendee)s?$/;
const COMPANY_ENTITIES =
  /^(company|companies|agency|agencies|business|organi[sz]ation|brand|vendor|supplier|partner|client|firm|employer|studio|shop|store|merchant|restaurant|hotel|club|school|clinic)s?$/;
const LONG_TEXT =
  /^(description|bio|biography|about|summary|notes?|comments?|message|body|text|details|content|overview|requirements|instructions|reason|feedback|response|letter|story|remarks|explanation|answer|question|statement|policy|rules|terms|perks|highlights|improvements|resolution|directions|rights|conditions)$/;

/** The semantic of a string field (or of an array's string items) named `name`. */
export function stringSemantic(name: string, entityName = ""): Semantic {
  const words = nameWords(name);
  const last = words[words.length - 1] ?? "";
  const has = (re: RegExp) => words.some((w) => re.test(w));
  if (has(/^e?mails?$/)) return "email";
  if (has(/^(phone|phones|mobile|tel|telephone|fax|cell)$/)) return "phone";
  // A preferred name or nickname is what someone is called: a first name, not the full one.
  if (/^(first|given|fore|preferred|nick|call)$/.test(words[0] ?? "") && last === "name") return "firstName";
  if (last === "nickname") return "firstName";
  if (/^(last|family|sur)$/.test(words[0] ?? "") && last === "name") return "lastName";
  if (last === "surname" || last === "forename") return last === "surname" ? "lastName" : "firstName";
  if (last === "name" && words.length > 1 && PERSON_QUALIFIERS.test(words[words.length - 2])) return "personName";
  if (
    has(
      /^(company|business|organi[sz]ation|employer|brand|vendor|supplier|agency|firm|competitors?|sponsors?|partners?)$/,
    )
  )
    return "company";
  if (has(/^(city|cities|town|towns|municipality)$/)) return "city";
  if (has(/^(country|countries|nationality|nationalities)$/)) return "country";
  if (has(/^(zip|postal|postcode|zipcode)$/)) return "postalCode";
  if (has(/^(street|address|addresses|line|line1|line2)$/)) return "street";
  if (
    has(/^(region|regions|state|province|county|territory|territories|district|districts|area|areas|zone|zones)$/) &&
    !has(/^status$/)
  )
    return "region";
  if (has(/^(currency|currencies)$/)) return "currency";
  if (has(/^(language|languages|locale|locales|lang)$/)) return "language";
  if (has(/^(timezone|tz)$/) || (words.includes("time") && words.includes("zone"))) return "timeZone";
  if (has(/^colou?rs?$/)) return "color";
  if (
    has(
      /^(avatar|logo|image|images|photo|photos|picture|pictures|cover|thumbnail|banner|gallery|portfolio|polaroids?)$/,
    )
  )
    return "image";
  if (has(/^(url|urls|uri|website|link|links|homepage|href|site)$/)) return "url";
  if (has(/^(slug|handle|permalink)$/)) return "slug";
  if (has(/^icons?$/)) return "icon";
  if (
    last === "title" &&
    words.slice(0, -1).some((w) => /^(job|position|profession|occupation|role)$/.test(w) || PERSON_QUALIFIERS.test(w))
  )
    return "jobTitle";
  if (has(/^(profession|occupation|position)$/)) return "jobTitle";
  if (has(/^(title|headline|subject|label|caption|tagline|heading)$/)) return "title";
  if (last === "name") {
    const entityWords = nameWords(entityName);
    const noun = entityWords[entityWords.length - 1] ?? "";
    if (PERSON_ENTITIES.test(noun)) return "personName";
    if (COMPANY_ENTITIES.test(noun)) return "company";
    return "title";
  }
  if (LONG_TEXT.test(last) || has(LONG_TEXT)) return "longText";
  if (has(/^(code|sku|reference|ref|number|no|id|vat|license|licence|iban|serial|ticket)$/)) return "code";
  if (
    has(/^(tags?|keywords?|skills?|interests?|categories|specialties|specialities|amenities|features|hobbies|topics)$/)
  )
    return "word";
  return "text";
}

/** The semantic of a number field, for a plausible value inside its declared range. */
export function numberSemantic(name: string): NumberSemantic {
  const words = nameWords(name);
  const has = (re: RegExp) => words.some((w) => re.test(w));
  if (has(/^(rating|ratings|stars|score)$/)) return "rating";
  if (has(/^(percent|percentage|probability|commission|discount|share|ratio|rate)$/)) return "percent";
  if (has(/^(year|founded|vintage)$/)) return "year";
  if (has(/^age$/)) return "age";
  if (has(/^(lat|latitude)$/)) return "latitude";
  if (has(/^(lng|lon|long|longitude)$/)) return "longitude";
  if (has(/^(price|fee|fees|amount|cost|budget|salary|value|revenue|spend|total|income|deposit|rent|wage|pay)$/))
    return "price";
  if (has(/^(minutes|hours|days|weeks|months|duration)$/)) return "duration";
  if (has(/^(position|order|rank|sort|priority|index)$/)) return "position";
  // Rooms, beds and people of one booking or home: a handful, not a hall's capacity.
  if (
    has(
      /^(bedrooms?|bathrooms?|rooms?|beds?|baths?|floors?|adults|children|kids|infants|pets|people|persons|guests|travell?ers|passengers|nights|stops|party)$/,
    ) &&
    !has(/^(capacity|total|views)$/)
  )
    return "fewCount";
  if (has(/^(count|size|capacity|quantity|qty|seats|guests|positions|number|allowance|limit|max|min|views|attendees)$/))
    return "count";
  return "plain";
}

/** Plausible [low, high] windows per semantic, intersected with the schema's own range. */
export const NUMBER_WINDOWS: Record<NumberSemantic, readonly [number, number]> = {
  rating: [1, 5],
  percent: [5, 40],
  year: [1960, 2025],
  age: [18, 75],
  latitude: [36, 60],
  longitude: [-9, 25],
  price: [20, 2500],
  count: [1, 120],
  fewCount: [1, 6],
  duration: [1, 90],
  position: [1, 20],
  plain: [1, 100],
};
