//! English names for recognised entities: the gazetteer's name where the mention
//! is known, otherwise a rendering built from its words: kunyas and nasab
//! (أبو بكر → Abu Bakr, بن → bin), nisbas with al- (البغدادي → al-Baghdadi),
//! organisation names put in English order (القيادة الأميركية الوسطى → US Central
//! Command, مركز X → X Center), and transliteration for the rest.

use super::features::lookup_forms;
use super::gazetteer::{GazEntry, GazKind, Gazetteer, SPELLING_FOREIGN};
use super::lexical::Lexical;
use super::text::strip_article;
use super::translit::{capitalize, match_english_name, name_word_guess, romanize, romanize_vocalised};
use rustc_hash::FxHashMap;

/// The best gazetteer entry for a whole mention (words in normal form), preferring
/// entries of the wanted entity type, then the heaviest (most populous).
pub fn lookup_mention<'g>(words: &[&str], gaz: &'g Gazetteer, want: &str) -> Option<GazEntry<'g>> {
    let first = words.first()?;
    let mut best: Option<GazEntry> = None;
    let score = |e: &GazEntry| -> (u8, u32) {
        let t = e.kind.entity_type();
        // LOC and FAC, ORG and FAC overlap (الكرملين, البنتاغون): a mention typed as
        // one may carry the other's name
        let fit = if t == Some(want) {
            3
        } else if matches!((t, want), (Some("LOC"), "FAC") | (Some("FAC"), "LOC") | (Some("FAC"), "ORG") | (Some("ORG"), "FAC")) {
            2
        } else if t.is_some() {
            1
        } else {
            0
        };
        (fit, e.weight)
    };
    // one key string for the forms, sized for the longest
    let mut key = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    for f in lookup_forms(first) {
        key.clear();
        key.push_str(f);
        for w in &words[1..] {
            key.push(' ');
            key.push_str(w);
        }
        for e in gaz.get(&key) {
            if e.kind.entity_type().is_none() {
                continue;
            }
            if best.is_none_or(|b| score(&e) > score(&b)) {
                best = Some(e);
            }
        }
    }
    best
}

/// The club named by a word with the article whose gazetteer key has نادي before
/// it (`core`: the word without its article; نصر → نادي النصر → Al Nassr). Used by
/// the sport rule and for a one-word organisation's English.
pub fn club_named<'g>(core: &str, gaz: &'g Gazetteer) -> Option<GazEntry<'g>> {
    gaz.get(&format!("نادي ال{core}")).into_iter().find(|e| e.kind == GazKind::Org)
}

/// [`club_named`] for an organisation's mention of one word with the article.
fn club_by_bare_name<'g>(words: &[&str], gaz: &'g Gazetteer) -> Option<GazEntry<'g>> {
    match words {
        [w] => w.strip_prefix("ال").and_then(|core| club_named(core, gaz)),
        _ => None,
    }
}

fn place_or_norp(core_forms: &[&str], gaz: &Gazetteer) -> Option<(GazKind, String)> {
    let mut best: Option<GazEntry> = None;
    for f in core_forms {
        for e in gaz.get(f) {
            if matches!(e.kind, GazKind::Country | GazKind::City | GazKind::Region | GazKind::Norp) {
                let rank = |e: &GazEntry| (e.kind != GazKind::City, e.weight);
                if best.is_none_or(|b| rank(&e) > rank(&b)) {
                    best = Some(e);
                }
            }
        }
    }
    best.map(|e| (e.kind, e.english.to_string()))
}

fn org_word(forms: &[&str], gaz: &Gazetteer) -> Option<(String, String)> {
    for f in forms {
        if let Some(e) = gaz.get_kind(f, GazKind::OrgWord) {
            if let Some((role, en)) = e.english.split_once(':') {
                return Some((role.to_string(), en.to_string()));
            }
        }
    }
    None
}

/// English for a person's name.
fn person(words: &[&str], gaz: &Gazetteer, cache: &mut NameCache, lex: Option<&dyn Lexical>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1).copied();
        if is_latin(w) {
            // written in Latin letters already
            out.push(w.to_string());
            i += 1;
            continue;
        }
        match w {
            "ابو" | "ابا" | "ابي" if next.is_some() => out.push("Abu".into()),
            "ام" if next.is_some() => out.push("Umm".into()),
            "بن" | "ابن" if !out.is_empty() => out.push("bin".into()),
            "بنت" if !out.is_empty() => out.push("bint".into()),
            // the second word of a compound name (صلاح الدين → Salah al-Din, سيف
            // الإسلام → Saif al-Islam; a name table spells الدين "Aldin")
            "الدين" if !out.is_empty() => out.push("al-Din".into()),
            "الاسلام" if !out.is_empty() => out.push("al-Islam".into()),
            // a compound name the table spells as one (عبد الناصر → Abdel Nasser)
            _ if next.is_some_and(|n| spelled(&format!("{w} {n}"), gaz).is_some()) => {
                out.push(spelled(&format!("{w} {}", next.unwrap()), gaz).unwrap().to_string());
                i += 2;
                continue;
            }
            "عبد" if next.is_some_and(|n| n.starts_with("ال")) => {
                out.push(abd_name(next.unwrap(), gaz, cache, lex));
                i += 2;
                continue;
            }
            // a regnal number after a name (عبد الله الثاني → Abdullah II, لويس
            // الرابع عشر → Louis XIV), not a family name "al-Thani"
            _ if !out.is_empty() && regnal(w, next).is_some() => {
                let (numeral, words_read) = regnal(w, next).unwrap();
                out.push(numeral);
                i += words_read;
                continue;
            }
            _ => {
                if let Some(e) = gaz.get_kind(w, GazKind::Person) {
                    out.push(e.english.to_string());
                } else if let Some(en) = spelled(w, gaz) {
                    out.push(en.to_string());
                } else if let Some(rest) = abd_compound(w) {
                    // عبد and its complement written as one word (عبدالرحمن)
                    out.push(abd_name(rest, gaz, cache, lex));
                } else if let Some((_, core)) = strip_article(w).filter(|(_, core)| abd_compound(core).is_some()) {
                    // a family name with the article on such a compound (العبدالله → al-Abdullah)
                    out.push(format!("al-{}", abd_name(abd_compound(core).unwrap(), gaz, cache, lex)));
                } else if let Some((_, core)) = strip_article(w) {
                    // a nisba or family name with the article is Arabic (al-Baghdadi)
                    out.push(format!("al-{}", family_word(w, core, gaz, cache, lex)));
                } else if i > 0 && matches!(words[i - 1], "ابو" | "ابا" | "ابي" | "ام" | "بن" | "ابن" | "بنت") {
                    // after a kunya or nasab word the name is Arabic (Abu Bakr)
                    out.push(arabic_word(w, gaz, cache));
                } else {
                    out.push(cached_name(w, gaz, cache));
                }
            }
        }
        i += 1;
    }
    out.join(" ")
}

/// English for عبد + `complement` (a word with the article): Abdullah for عبد
/// الله, the name tables' spelling of the pair when listed (عبد الناصر → Abdel
/// Nasser), else Abd al-X.
fn abd_name(complement: &str, gaz: &Gazetteer, cache: &mut NameCache, lex: Option<&dyn Lexical>) -> String {
    if complement == "الله" {
        return "Abdullah".into();
    }
    if let Some(en) = spelled(&format!("عبد {complement}"), gaz) {
        return en.to_string();
    }
    let core = strip_article(complement).map(|(_, c)| c).unwrap_or(complement);
    format!("Abd al-{}", family_word(complement, core, gaz, cache, lex))
}

/// The complement of a name عبد + a word with the article written as one word
/// (عبدالله → الله, عبدالرحمن → الرحمن), if `w` is one.
fn abd_compound(w: &str) -> Option<&str> {
    w.strip_prefix("عبد").filter(|rest| rest.starts_with("ال") && rest.chars().count() > 3)
}

/// A regnal number written as an ordinal after a name (normal forms: الثاني,
/// الثانية, الاول, الاولي), with عشر after it for 11–19 (`next`): the Roman
/// numeral and the number of words it takes.
fn regnal(w: &str, next: Option<&str>) -> Option<(String, usize)> {
    const ORDINALS: [(&str, u32); 10] = [
        ("اول", 1),
        ("ثاني", 2),
        ("ثالث", 3),
        ("رابع", 4),
        ("خامس", 5),
        ("سادس", 6),
        ("سابع", 7),
        ("ثامن", 8),
        ("تاسع", 9),
        ("عاشر", 10),
    ];
    let stem = w.strip_prefix("ال")?;
    let stem = stem.strip_suffix('ة').or_else(|| stem.strip_suffix("ي").filter(|s| *s == "اول")).unwrap_or(stem);
    let &(_, n) = ORDINALS.iter().find(|(o, _)| *o == stem)?;
    let teens = n < 10 && next.is_some_and(|x| matches!(x, "عشر" | "عشرة"));
    let (n, words) = if teens { (n + 10, 2) } else { (n, 1) };
    Some((roman(n), words))
}

/// `n` (1–19) in Roman numerals.
fn roman(n: u32) -> String {
    const UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    format!("{}{}", "X".repeat((n / 10) as usize), UNITS[(n % 10) as usize])
}

/// True for a word in Latin letters (or digits): no Arabic letter in it.
fn is_latin(w: &str) -> bool {
    !w.chars().any(super::text::is_arabic_letter)
}

/// The usual English spelling of a name word (or compound, words separated by a
/// space) from the team's table (`data/entities/name-spellings.tsv`), if listed.
fn spelled<'g>(word: &str, gaz: &'g Gazetteer) -> Option<&'g str> {
    gaz.get_kind(word, GazKind::Spelling).map(|e| e.english)
}

/// An Arabic name word: its usual spelling from the team's table, else its
/// listed spelling when good, else the Arabic romanisation (a guess, noted in
/// `cache`).
fn arabic_word(core: &str, gaz: &Gazetteer, cache: &mut NameCache) -> String {
    if let Some(en) = spelled(core, gaz) {
        return en.to_string();
    }
    match gaz.get_kind(core, GazKind::GivenName) {
        Some(e) if e.english != "-" => capitalize(&e.english.to_lowercase()),
        _ => cache.guess(romanize(core, true)),
    }
}

/// A name word with the article (`w`; `core` without it), as in a family name or a
/// nisba: its usual spelling when listed, else with the dictionary's vowels when
/// the lexicon reads it as a noun or adjective (النجار → Najjar, الصادق → Sadiq,
/// was "Sadq"), else as [`arabic_word`] guesses it.
fn family_word(w: &str, core: &str, gaz: &Gazetteer, cache: &mut NameCache, lex: Option<&dyn Lexical>) -> String {
    if spelled(core, gaz).is_none() && gaz.get_kind(core, GazKind::GivenName).is_none_or(|e| e.english == "-") {
        if let Some(voc) = lex.and_then(|l| l.vocalised(w)) {
            return cache.guess(romanize_vocalised(&voc));
        }
    }
    arabic_word(core, gaz, cache)
}

/// The English of a listed organisation that an organisation's mention is made
/// of: after a word that heads organisation names (شركة تويوتا → Toyota, شبكة سي إن
/// إن → CNN, نادي النصر السعودي → Al Nassr), or named twice in apposition (هيئة
/// الإذاعة البريطانية بي بي سي → BBC), or before an adjective of nationality (حزب
/// الله اللبناني → Hezbollah, was "Lebanese Leh Party"). English puts no "Company" or
/// "Network" on such names, nor the country the name already tells.
fn listed_org_inside(words: &[&str], gaz: &Gazetteer) -> Option<String> {
    let org = |ws: &[&str]| lookup_mention(ws, gaz, "ORG").filter(|e| e.kind == GazKind::Org);
    if words.len() >= 2 && org_word(lookup_forms(words[0]).as_slice(), gaz).is_some_and(|(role, _)| role == "head") {
        if let Some(e) = org(&words[1..]) {
            return Some(e.english.to_string());
        }
    }
    if let [name @ .., last] = words {
        if !name.is_empty() && lookup_forms(last).as_slice().iter().any(|f| gaz.get_kind(f, GazKind::Norp).is_some()) {
            if let Some(e) = org(name) {
                return Some(e.english.to_string());
            }
        }
    }
    (1..words.len()).find_map(|k| {
        let (x, y) = (org(&words[..k])?, org(&words[k..])?);
        (x.english == y.english).then(|| x.english.to_string())
    })
}

/// English for an organisation, facility or other multiword name: English order
/// (nationality, other modifiers, names, nouns, then the head word).
fn compositional(words: &[&str], gaz: &Gazetteer, kind: &str, cache: &mut NameCache, lex: Option<&dyn Lexical>) -> String {
    if let Some(en) = coordinated(words, gaz, kind, cache, lex) {
        return en;
    }
    let mut nat = Vec::new();
    let mut adj = Vec::new();
    let mut names = Vec::new();
    let mut nouns = Vec::new();
    let mut heads = Vec::new();
    // A head whose English is in lower case (صحيفة newspaper, قناة channel, جماعة
    // group) says what the words after it are the title of: those are kept as
    // names, not translated (صحيفة النهار → Al-Nahar newspaper, not "Daytime").
    let titled = org_word(lookup_forms(words[0]).as_slice(), gaz).is_some_and(|(role, en)| role == "head" && en.starts_with(|c: char| c.is_ascii_lowercase()));
    // A head written "Bank of" in the table is said before the place the name is
    // of, when a place is all the name has besides modifiers (بنك إنجلترا → Bank
    // of England, مصرف سوريا المركزي → Central Bank of Syria, where the usual order
    // gave "Central Syria Bank"); else it is said plain (بنك الاستثمار → Investment Bank).
    let mut head_of = false;
    let mut places = 0;
    // the country of the last nationality word (المصري → Egypt), for a head "of"
    let mut nat_country = None;
    for (i, w) in words.iter().enumerate() {
        if is_latin(w) {
            // written in Latin letters already (وكالة Reuters → Reuters Agency)
            names.push(w.to_string());
            continue;
        }
        let forms = lookup_forms(w);
        let core = strip_article(w).map(|(_, c)| c).unwrap_or(w);
        let gloss = lex.filter(|_| kind != "LOC").and_then(|l| cache.gloss(w, l));
        if let Some((role, en)) = org_word(forms.as_slice(), gaz) {
            match role.as_str() {
                "head" => match en.strip_suffix(" of") {
                    Some(plain) => {
                        head_of = i == 0;
                        heads.push(plain.to_string())
                    }
                    None => heads.push(en),
                },
                "adj" => adj.push(en),
                _ => nouns.push(en),
            }
        } else if let Some((k, en)) = place_or_norp(forms.as_slice(), gaz) {
            if k == GazKind::Norp {
                // (not "American": the US central bank is the Federal Reserve)
                if head_of && en != "American" {
                    nat_country = country_of_nisba(core, gaz);
                }
                // in names of organisations "American" reads "US"
                nat.push(if en == "American" && kind != "NORP" { "US".to_string() } else { en });
            } else {
                names.push(en);
                places += 1;
            }
        } else if let Some(e) = gaz.get_kind(w, GazKind::Org).or_else(|| gaz.get_kind(core, GazKind::Org)) {
            names.push(e.english.to_string());
        } else if let Some(e) = [w, core].iter().find_map(|f| gaz.get_kind(f, GazKind::Spelling)).filter(|e| e.weight == SPELLING_FOREIGN) {
            // a foreign name (تايمز → Times); an Arabic given or family name inside
            // an organisation's name is more often a word of the language (أمل, عون)
            names.push(e.english.to_string());
        } else if titled && i > 0 && gloss.as_ref().map_or(super::translit::looks_arabic(core), |(_, role)| *role == "noun") {
            // an Arabic noun of the title (adjectives stay translated: قناة الرسالة
            // الفضائية → Al-Risala satellite channel; foreign names are matched below)
            let r = arabic_letters(w, core, lex, cache);
            names.push(if core.len() < w.len() { format!("al-{r}") } else { r });
        } else if let Some(m) = (!super::translit::looks_arabic(core) && !definite_common_word(w, core, &gloss)).then(|| cache.english_match(core, gaz).map(str::to_string)).flatten() {
            // a foreign name (كويليام → Quilliam), before any dictionary reading of it
            names.push(cache.guess(capitalize(&m)));
        } else if let Some((en, role)) = gloss {
            // a common word of the language inside a name: its meaning
            if role == "adj" {
                adj.push(en);
            } else {
                nouns.push(en);
            }
        } else {
            let arabic = super::translit::looks_arabic(core);
            let r = if arabic { cache.guess(romanize(core, true)) } else { cached_name(core, gaz, cache) };
            names.push(if core.len() < w.len() && kind == "LOC" { format!("al-{r}") } else { r });
        }
    }
    // A bank named by its country's nationality is the country's too (البنك
    // المركزي المصري → Central Bank of Egypt, as بنك الكويت المركزي is Central Bank
    // of Kuwait), when the nationality is all the name has besides its modifiers.
    if let Some(country) = nat_country.filter(|_| head_of && heads.len() == 1 && nouns.is_empty() && names.is_empty() && nat.len() == 1 && adj.len() < 3) {
        let mut all = adj;
        all.extend(heads);
        all.push("of".into());
        all.push(country);
        return capitalize(&all.join(" "));
    }
    let mut all = nat;
    all.extend(adj);
    // (at most two modifiers before the head: a longer name reads oddly either way,
    // and keeps the usual order)
    if head_of && heads.len() == 1 && nouns.is_empty() && !names.is_empty() && places == names.len() && all.len() < 3 {
        all.extend(heads);
        all.push("of".into());
        all.extend(names);
        return capitalize(&all.join(" "));
    }
    all.extend(names);
    all.extend(nouns);
    all.extend(heads);
    capitalize(&all.join(" "))
}

/// The country a nationality adjective (a nisba, without its article) is of, by
/// the gazetteer: the word without its ي (مصري → مصر Egypt, لبناني → لبنان), with
/// the article (عراقي → العراق, أردني → الأردن), or with ا, يا or ية for it (سوري →
/// سوريا, تركي → تركيا, سعودي → السعودية). `None` when no country is spelt so.
fn country_of_nisba(core: &str, gaz: &Gazetteer) -> Option<String> {
    let stem = core.strip_suffix('ي')?;
    let mut key = String::with_capacity(stem.len() + 8);
    [("", ""), ("ال", ""), ("", "ا"), ("", "يا"), ("ال", "ية"), ("", "ية")].iter().find_map(|(before, after)| {
        key.clear();
        key.push_str(before);
        key.push_str(stem);
        key.push_str(after);
        gaz.get_kind(&key, GazKind::Country).map(|e| e.english.to_string())
    })
}

/// English for a name made of a head word and two complements joined by و
/// (وزارة التربية والتعليم, هيئة الإذاعة والتلفزيون, وزارة التعليم العالي والبحث
/// العلمي): each complement in English order, joined by "and" (once when both
/// say the same: التربية and التعليم are both "Education"), after a head the
/// table writes with "of" (Ministry of Education) or before the others (Radio
/// and Television Authority). `None` for other names.
fn coordinated(words: &[&str], gaz: &Gazetteer, kind: &str, cache: &mut NameCache, lex: Option<&dyn Lexical>) -> Option<String> {
    let (role, head) = org_word(lookup_forms(words[0]).as_slice(), gaz)?;
    if role != "head" || head.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let j = (2..words.len()).find(|&j| words[j].starts_with("وال"))?;
    // nationalities at the end are the whole name's (وزارة الإرشاد والثقافة
    // الإيرانية → Iranian Ministry of Guidance and Culture)
    let is_norp = |w: &&&str| lookup_forms(w).as_slice().iter().any(|f| gaz.get_kind(f, GazKind::Norp).is_some());
    let end = words.len() - words[j + 1..].iter().rev().take_while(is_norp).count();
    // the complements: from each word with و and the article to the next
    let mut starts: Vec<usize> = (j..end).filter(|&k| words[k].starts_with("وال")).collect();
    starts.insert(0, 1);
    starts.push(end);
    let mut parts: Vec<String> = Vec::new();
    for w in starts.windows(2) {
        let mut part: Vec<&str> = words[w[0]..w[1]].to_vec();
        if w[0] > 1 {
            part[0] = &part[0]["و".len()..];
            // adjectives joined (معهد الدراسات العلمية والثقافية) read better in the usual order
            if part.len() == 1 && w[0] - starts[0] > 1 && strip_article(part[0]).is_some_and(|(_, c)| c.ends_with('ي') || c.ends_with("ية")) {
                return None;
            }
        }
        let en = compositional(&part, gaz, kind, cache, lex);
        if parts.last() != Some(&en) {
            parts.push(en);
        }
    }
    let both = match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.concat(),
    };
    let name = match head.strip_suffix(" of") {
        Some(plain) => format!("{plain} of {both}"),
        None => format!("{both} {head}"),
    };
    Some(if end < words.len() { format!("{} {name}", compositional(&words[end..], gaz, kind, cache, lex)) } else { name })
}

/// The English rendering of a mention (words in normal form, clitics before the
/// article already removed from the first) of the given type.
pub fn english(words: &[&str], kind: &str, gaz: &Gazetteer) -> String {
    english_cached(words, kind, gaz, &mut NameCache::default(), None)
}

/// Name spellings already made for this text (names recur), shared by the
/// recogniser's rules and the rendering.
#[derive(Default)]
pub struct NameCache {
    /// [`super::translit::name_word`] of each name word, and whether it is a guess
    words: FxHashMap<String, (String, bool)>,
    /// [`match_english_name`] of each word (a search of the English names, by far
    /// the dearest step: the same words are asked about again and again)
    matches: FxHashMap<String, Option<String>>,
    /// [`Lexical::gloss`] of each word (an analysis of the word; the same words
    /// recur in organisation names). A cache serves one text, read with one
    /// analyser (or none), as it serves one gazetteer.
    glosses: FxHashMap<String, Option<(String, &'static str)>>,
    /// Set when a spelling made since the caller last cleared it was a guess
    /// (a romanisation, or the English name the letters come closest to), not
    /// one listed in the gazetteer or the team's tables.
    pub guessed: bool,
}

impl NameCache {
    pub fn new() -> NameCache {
        NameCache::default()
    }

    /// Notes that `spelling` is a guess, and returns it.
    fn guess(&mut self, spelling: String) -> String {
        self.guessed = true;
        spelling
    }

    /// [`match_english_name`], memoised.
    pub fn english_match(&mut self, core: &str, gaz: &Gazetteer) -> Option<&str> {
        english_match(&mut self.matches, core, gaz)
    }

    /// [`Lexical::gloss`], memoised.
    fn gloss(&mut self, word: &str, lex: &dyn Lexical) -> Option<(String, &'static str)> {
        if let Some(g) = self.glosses.get(word) {
            return g.clone();
        }
        let g = lex.gloss(word);
        self.glosses.insert(word.to_string(), g.clone());
        g
    }
}

fn english_match<'c>(matches: &'c mut FxHashMap<String, Option<String>>, core: &str, gaz: &Gazetteer) -> Option<&'c str> {
    if !matches.contains_key(core) {
        matches.insert(core.to_string(), match_english_name(core, gaz));
    }
    matches[core].as_deref()
}

fn cached_name(core: &str, gaz: &Gazetteer, cache: &mut NameCache) -> String {
    let (v, guessed) = match cache.words.get(core) {
        Some(v) => v.clone(),
        None => {
            let v = name_word_guess(core, gaz, |c| english_match(&mut cache.matches, c, gaz).map(str::to_string));
            cache.words.insert(core.to_string(), v.clone());
            v
        }
    };
    cache.guessed |= guessed;
    v
}

/// An Arabic word of a name in English letters (without its article): with the
/// dictionary's vowels when the lexicon reads it as a noun or adjective
/// (المستقبل → Mustaqbal), else with vowels guessed from the letters. Either way
/// a transliteration, noted in `cache` (the organisation may have an English name
/// of its own: Future Movement).
fn arabic_letters(w: &str, core: &str, lex: Option<&dyn Lexical>, cache: &mut NameCache) -> String {
    let r = match lex.and_then(|l| l.vocalised(w)) {
        Some(voc) => romanize_vocalised(&voc),
        None => romanize(core, true),
    };
    cache.guess(r)
}

/// True for a word with the article whose best reading is a common noun or
/// adjective of the language (المياه, الدستور, الأهلي): foreign names seldom take
/// the article, so its letters are not matched against English names (which
/// made وزارة المياه "Miah Ministry"), even when they hold no letter only Arabic
/// words use. Foreign names that do take it (الكونغرس) read as proper nouns or
/// are not in the lexicon.
fn definite_common_word(w: &str, core: &str, gloss: &Option<(String, &'static str)>) -> bool {
    core.len() < w.len() && gloss.as_ref().is_some_and(|(_, role)| *role != "name")
}

/// [`english`] with a cache of word spellings shared across a text's mentions.
pub fn english_cached(words: &[&str], kind: &str, gaz: &Gazetteer, cache: &mut NameCache, lex: Option<&dyn Lexical>) -> String {
    if words.is_empty() {
        return String::new();
    }
    let mut found = lookup_mention(words, gaz, kind);
    if kind == "ORG" && found.is_none_or(|e| e.kind != GazKind::Org) {
        found = club_by_bare_name(words, gaz).or(found);
    }
    if let Some(e) = found {
        if kind != "PER" || e.kind == GazKind::Person {
            return e.english.to_string();
        }
        // a person whose name is also a place's (انان: a town "Anan"): the name
        // tables' spelling when they have every word (Annan), else the place's
        let before = cache.guessed;
        cache.guessed = false;
        let p = person(words, gaz, cache, lex);
        let listed = !cache.guessed;
        cache.guessed = before;
        return if listed { p } else { e.english.to_string() };
    }
    if kind == "ORG" {
        if let Some(en) = listed_org_inside(words, gaz) {
            return en;
        }
    }
    match kind {
        "PER" => person(words, gaz, cache, lex),
        _ if words.len() == 1 => {
            let w = words[0];
            let forms = lookup_forms(w);
            if let Some((_, en)) = place_or_norp(forms.as_slice(), gaz) {
                return en;
            }
            let core = strip_article(w).map(|(_, c)| c).unwrap_or(w);
            if let Some(en) = spelled(w, gaz) {
                return en.to_string();
            }
            let gloss = lex.and_then(|l| cache.gloss(w, l));
            let arabic = super::translit::looks_arabic(core) || definite_common_word(w, core, &gloss);
            let r = if arabic { arabic_letters(w, core, lex, cache) } else { cached_name(core, gaz, cache) };
            // an organisation named by one Arabic word keeps its article, as
            // English writes such names (الوحدة → Al-Wahda, الدستور → Al-Dustur)
            if core.len() < w.len() && kind != "NORP" && (kind != "ORG" || arabic) {
                capitalize(&format!("al-{r}"))
            } else {
                r
            }
        }
        _ => compositional(words, gaz, kind, cache, lex),
    }
}
