//! Key terms of the seed article: reads `../shared/data/articles/virtual-caliphate.txt`
//! and its reviewed expectations (skipped with a message when they are absent,
//! except under `CI=true`, where their absence fails), prints the top 15 key
//! terms and checks that at least 10 of the 11 expected ones are among them with
//! the expected English exactly (not composed from the words' glosses): the
//! `key_terms` the annotator (CLI, page) returns. 8 of 11 without the team's phrase
//! table (`data/phrases.tsv`), 9 with it (its line الفضاء الإلكتروني "cyberspace"),
//! 10 once the sources of statements (يحذر خبراء "experts warn") no longer count.

mod common;

use hashiya::{normalize, terms};
use hashiya::terms::KeyTerm;

/// Folds a term for comparison: the core's key of each word, article off.
fn fold(s: &str) -> String {
    terms::keys::phrase_key(s).unwrap_or_default()
}

/// Whether `english` is the expected English exactly, as a translator would write it:
/// one of its renderings (separated by `;` or `,`) is the expected term, case,
/// hyphens and spaces aside ("Counter-terrorism" = "counterterrorism"), singular or
/// plural ("attack" for "attacks"). The words' separate glosses do not count:
/// "electronic space" is not "cyberspace".
fn exact(english: &str, expected: &str) -> bool {
    let norm = |s: &str| s.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let want = norm(expected);
    english.split([';', ',']).map(norm).any(|got| {
        got == want || got.strip_suffix('s') == Some(want.as_str()) || want.strip_suffix('s') == Some(got.as_str())
    })
}

/// Whether a key term is the expected Arabic term: same folded text, or the
/// expected term is a single word whose lemma or one of whose occurrences (as
/// written, clitics off) it is.
fn same_term(k: &KeyTerm, text: &str, arabic: &str) -> bool {
    let want = fold(arabic);
    if fold(&k.text) == want {
        return true;
    }
    if arabic.split_whitespace().count() == 1 && !k.lemma.contains(' ') && fold(&k.lemma) == want {
        return true;
    }
    k.occurrences.iter().any(|&(s, e)| {
        let (a, b) = terms::export::utf16_to_byte_range(text, s, e);
        let w = &text[a..b];
        normalize::key(w).is_some_and(|key| {
            terms::keys::proclitic_splits(&key).iter().any(|&(st, _)| key[st..] == *want.as_str())
                || w.split_whitespace().count() > 1 && fold(w).ends_with(&want) && fold(w).len() - want.len() <= 2
        })
    })
}

#[test]
fn seed_article_key_terms() {
    let (Some(text), Some(expected)) = (common::shared("articles/virtual-caliphate.txt"), common::shared("articles/virtual-caliphate.expected.json"))
    else {
        return;
    };
    let expected: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let key_terms: Vec<(String, String)> = expected["key_terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
        .collect();

    // The annotator as the CLI and the page load it: lexicon, entity layer (people
    // and places left to it, organisations with their English names) and terms.
    let annotator = common::annotator();
    let doc = annotator.annotate(&text);
    let top: Vec<KeyTerm> = doc.key_terms.into_iter().take(15).collect();
    println!("top {} key terms:", top.len());
    for (i, k) in top.iter().enumerate() {
        println!("{:2}. {:<28} {:<32} count {} score {:.1} ({:?})", i + 1, k.text, k.english, k.count, k.score, k.source);
    }
    let mut hits = 0;
    for (arabic, english) in &key_terms {
        let found = top.iter().position(|k| same_term(k, &text, arabic));
        let verdict = match found {
            Some(i) if exact(&top[i].english, english) => {
                hits += 1;
                format!("ok    #{} \"{}\"", i + 1, top[i].english)
            }
            Some(i) => format!("WRONG #{} \"{}\" (want \"{english}\")", i + 1, top[i].english),
            None => "MISSING from the top 15".to_string(),
        };
        println!("  {arabic:<22} {english:<18} {verdict}");
    }
    println!("{hits} of {} expected key terms in the top 15 with the expected English", key_terms.len());
    // Issue 16 asks for 10 of 11. The team's phrase table (data/phrases.tsv) renders
    // الفضاء الإلكتروني "cyberspace" (it was composed "electronic space": no bilingual
    // source the build reads has it) and has الشبكة العنكبوتية "World Wide Web" and
    // مكافحة الإرهاب "counter-terrorism", both said once. الشبكة العنكبوتية reaches #15
    // because خبراء "experts", said three times, each time as the subject of a verb of
    // saying (يحذر خبراء، وينبه الخبراء، ويقول خبراء), is a source, not a key term
    // (`sources` in src/terms/score.rs). مكافحة الإرهاب is still about #22.
    assert!(hits >= 10, "only {hits} of {} expected key terms found with the expected English", key_terms.len());
    // Every key term has English, a count matching its positions, and positions
    // that point at Arabic text of the input.
    for k in &top {
        assert!(!k.english.is_empty() && k.count as usize == k.occurrences.len());
        for &(s, e) in &k.occurrences {
            let (a, b) = terms::export::utf16_to_byte_range(&text, s, e);
            assert!(normalize::key(text[a..b].split_whitespace().next().unwrap()).is_some(), "{:?}", &text[a..b]);
        }
    }
}


/// A site's glossary strengthens its terms and never hides them: each of the seed
/// article's top 15 single-word key terms, put alone in a glossary with an English of
/// the glossary's own, stays in the key terms at least as high as without the glossary,
/// shown with the glossary's English.
#[test]
fn a_glossary_term_ranks_at_least_as_high_with_the_glossarys_english() {
    let Some(text) = common::shared("articles/virtual-caliphate.txt") else { return };
    let mut annotator = common::annotator();
    let before: Vec<KeyTerm> = annotator.annotate(&text).key_terms;
    let mut checked = 0;
    for (rank, k) in before.iter().enumerate().take(15) {
        if k.text.contains(' ') || k.source == terms::TermSource::Entity {
            continue;
        }
        let english = format!("glossary sense {rank}");
        let (glossary, issues) = terms::Glossary::parse(&format!("{}\t{english}\n", k.text), terms::GlossaryFormat::Tsv);
        assert!(issues.is_empty(), "{issues:?}");
        annotator.set_glossary(Some(glossary));
        let after = annotator.annotate(&text).key_terms;
        let found = after.iter().position(|t| same_term(t, &text, &k.text));
        println!("{:<14} #{} → {:?} {:?}", k.text, rank + 1, found.map(|i| i + 1), found.map(|i| &after[i].english));
        let at = found.unwrap_or_else(|| panic!("{} (#{}) dropped out of the key terms with a glossary naming it", k.text, rank + 1));
        assert!(at <= rank, "{} fell from #{} to #{} with a glossary naming it", k.text, rank + 1, at + 1);
        assert_eq!(after[at].english, english, "{} is shown with the glossary's English", k.text);
        checked += 1;
    }
    annotator.set_glossary(None);
    assert!(checked >= 8, "only {checked} single-word key terms checked");
}

#[test]
fn exact_english_is_not_word_by_word() {
    assert!(exact("Counter-terrorism", "counter-terrorism"));
    assert!(exact("counterterrorism; fight against terrorism", "counter-terrorism"));
    assert!(exact("attack", "attacks"));
    assert!(exact("Internet", "internet"));
    assert!(!exact("electronic space", "cyberspace"));
    assert!(!exact("hypothetical caliphate", "virtual caliphate"));
    assert!(!exact("combat of terrorism", "counter-terrorism"));
}
