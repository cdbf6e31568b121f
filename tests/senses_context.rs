//! Issue 16's bar: on the team's own sentences (`tests/data/senses-in-context.tsv`, not
//! from `../shared`), the first gloss the core gives a word in context holds a sense a
//! reader would accept. Prints the figure, and beside it the figure for the
//! Buckwalter tables' raw order (their first analysis of the word, unranked), and
//! lists the misses.

mod common;

use hashiya::annotate::{Details, Layer};

/// Lower-case words of a gloss or sense (letters and digits; hyphens split).
fn words_of(s: &str) -> Vec<String> {
    s.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(String::from).collect()
}

/// Whether `gloss` (one gloss line) holds one of the accepted senses: all the words of
/// a sense are among the line's words, a plural -s aside (as tests/terms_article.rs).
fn holds(gloss: &str, accepted: &[&str]) -> bool {
    let got = words_of(gloss);
    let has = |w: &str| got.iter().any(|g| g == w || g.trim_end_matches('s') == w.trim_end_matches('s'));
    accepted.iter().any(|sense| {
        let want = words_of(sense);
        !want.is_empty() && want.iter().all(|w| has(w))
    })
}

/// How a table of words in context fares: (words, first gloss right, the tables' raw
/// order right, the misses).
fn score_table(annotator: &hashiya::Annotator, table: &str) -> (usize, usize, usize, Vec<String>) {
    let lex = &annotator.analyzer().lexicon;
    let (mut total, mut ranked_hits, mut raw_hits) = (0, 0, 0);
    let mut misses = Vec::new();
    for (n, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "line {}: want sentence, word, senses", n + 1);
        let (sentence, target, accepted) = (cols[0], cols[1], cols[2].split('|').map(str::trim).collect::<Vec<_>>());
        total += 1;

        // The core's first gloss for the target's first occurrence, as the page shows it.
        let doc = annotator.annotate(sentence);
        let units: Vec<u16> = sentence.encode_utf16().collect();
        let span = doc
            .spans
            .iter()
            .find(|s| s.layer == Layer::Word && String::from_utf16_lossy(&units[s.start as usize..s.end as usize]) == target);
        let first = match span.and_then(|s| annotator.details(&doc, s.id)) {
            Some(Details::Word(w)) => w.glosses.first().cloned().unwrap_or_default(),
            _ => "(no annotation)".to_string(),
        };
        if holds(&first, &accepted) {
            ranked_hits += 1;
        } else {
            misses.push(format!("line {}: {target} in «{sentence}»: got {first:?}, want {}", n + 1, cols[2]));
        }

        // The raw order: the tables' first analysis of the word, before any ranking.
        let (key, spelling) = (hashiya::normalize::key(target).unwrap(), hashiya::normalize::spelling(target).unwrap());
        let mut raw = Vec::new();
        annotator.analyzer().collect(&key, &spelling, &mut raw);
        if let Some(a) = raw.first() {
            if holds(lex.gloss(lex.stem_gloss(a.stem)), &accepted) {
                raw_hits += 1;
            }
        }
    }
    (total, ranked_hits, raw_hits, misses)
}

fn pct(hits: usize, total: usize) -> f64 {
    100.0 * hits as f64 / total.max(1) as f64
}

/// Scores a table, prints its figures and misses under `label`, and returns (words,
/// first gloss right as a percentage, the misses joined).
fn report(label: &str, table: &str) -> (usize, f64, String) {
    let annotator = common::annotator();
    let (total, ranked_hits, raw_hits, misses) = score_table(&annotator, table);
    eprintln!(
        "{label}first sense right in context: {ranked_hits} of {total} words ({:.1} %); the tables' raw order: {raw_hits} of {total} ({:.1} %)",
        pct(ranked_hits, total),
        pct(raw_hits, total)
    );
    for m in &misses {
        eprintln!("  miss {m}");
    }
    (total, pct(ranked_hits, total), misses.join("\n"))
}

#[test]
fn first_sense_in_context() {
    let (total, right, misses) = report("", include_str!("data/senses-in-context.tsv"));
    assert!(total >= 300, "the test set has {total} words; issue 16 asks for at least 300");
    // The floor reached; raise it when the ranking improves.
    assert!(right >= 95.0, "first sense right for only {right:.1} % of {total} words:\n{misses}");
}

/// The same measure on words that never guided the ranking (`data/senses-held-out.tsv`):
/// how it does on text it was not tuned on.
#[test]
fn held_out_senses() {
    let (total, right, misses) = report("held out: ", include_str!("data/senses-held-out.tsv"));
    assert!(total >= 100, "the held-out set has {total} words");
    // Measured once when the set was written: 130 of 137 (94.9 %), raw order 114 (83.2 %).
    // A guard below that figure, so a change that hurts untuned text fails here.
    assert!(right >= 90.0, "held out: first sense right for only {right:.1} % of {total} words:\n{misses}");
}

/// Every line of the team's usual-sense table (`data/senses.tsv`) names a reading the
/// lexicon has, worded as its gloss words it: a line that matches nothing is dead.
#[test]
fn every_usual_sense_names_a_reading() {
    let annotator = common::annotator();
    let unused = hashiya::senses::unused_lines(&annotator.analyzer().lexicon);
    assert!(unused.is_empty(), "data/senses.tsv lines that name no reading of the lexicon:\n{}", unused.join("\n"));
}

/// Each word's first gloss in its sentence holds one of its senses: `(sentence, word,
/// accepted senses)`.
fn assert_first_glosses(cases: &[(&str, &str, &[&str])]) {
    let annotator = common::annotator();
    for &(sentence, word, senses) in cases {
        let got = first_gloss(&annotator, sentence, word);
        assert!(holds(&got, senses), "{word} in «{sentence}»: got {got:?}, want one of {senses:?}");
    }
}

/// The first gloss of `target` (its first occurrence) in `sentence`, as the page shows it.
fn first_gloss(annotator: &hashiya::Annotator, sentence: &str, target: &str) -> String {
    let doc = annotator.annotate(sentence);
    let units: Vec<u16> = sentence.encode_utf16().collect();
    let span = doc
        .spans
        .iter()
        .find(|s| s.layer == Layer::Word && String::from_utf16_lossy(&units[s.start as usize..s.end as usize]) == target)
        .unwrap_or_else(|| panic!("{target} is not a word span of «{sentence}»"));
    match annotator.details(&doc, span.id) {
        Some(Details::Word(w)) => w.glosses.first().cloned().unwrap_or_default(),
        other => panic!("{target}: {other:?}"),
    }
}

/// A derived verb's verbal noun and its participle's feminine share every letter
/// (مُناقَشَة "discussion", مُناقِشَة "a woman debating"): news prose means the
/// verbal noun, and the word is glossed so. A participle that is a noun with ة in
/// its own right keeps its reading: الدولة المضيفة is "the host country".
#[test]
fn verbal_nouns_over_participles_spelt_the_same() {
    assert_first_glosses(&[
        ("بدأ البرلمان مناقشة مشروع القانون الجديد.", "مناقشة", &["debate", "discussion", "argument"][..]),
        ("وتستعد القوات لمواجهة طويلة مع المسلحين في الجبال.", "لمواجهة", &["confrontation", "encounter"]),
        ("أحبطت الشرطة محاولة لتهريب الأسلحة عبر الحدود.", "محاولة", &["attempt"]),
        ("وشكلت الحكومة لجنة لمتابعة تنفيذ الاتفاق.", "لمتابعة", &["pursuit", "follow-up", "continuation", "following"]),
        ("وجدد المتظاهرون مطالبة الحكومة بالإصلاح.", "مطالبة", &["demand", "requirement", "claim"]),
        ("وتخضع المنطقة لمراقبة دولية مشددة.", "لمراقبة", &["monitoring", "surveillance"]),
        ("وتستضيف الدولة المضيفة القمة في العاصمة.", "المضيفة", &["host"]),
    ]);
}

/// Frequent news words whose usual sense the tables put last or lack (data/senses.tsv,
/// stop 30), each in a sentence of the team's own.
#[test]
fn usual_news_senses_of_stop_30() {
    assert_first_glosses(&[
        ("وتعهدت الحكومة بإعادة فتح المعبر في غضون أسبوعين.", "غضون", &["interim", "during", "within"][..]),
        ("ووصل الوفد إلى العاصمة قبيل بدء المحادثات.", "قبيل", &["shortly before"]),
        ("ومن المقرر أن يعقد المجلس جلسته الأسبوع المقبل.", "المقرر", &["scheduled"]),
        ("ويعاني المزارعون من الجفاف منذ ثلاث سنوات.", "الجفاف", &["drought"]),
        ("ونجا جميع ركاب الطائرة من الحادث.", "ركاب", &["passengers"]),
        ("وأعلن الطرفان التوصل إلى اتفاق لوقف القتال.", "التوصل", &["reaching"]),
        ("وتوسعت صلاحيات الرئيس بعد التعديل الدستوري.", "صلاحيات", &["powers"]),
        ("وحافظ الفريق على صدارة الترتيب بعد فوزه.", "صدارة", &["lead"]),
        ("وانخفضت أرباح الشركة بعد تراجع الطلب.", "تراجع", &["decline"]),
    ]);
}

/// The grammar the context rules rest on, on sentences outside the test set: a hollow
/// verb's short stem is a jussive, read so after لم and not elsewhere; after a number
/// comes the counted noun.
#[test]
fn jussive_and_number_contexts() {
    let annotator = common::annotator();
    // after لم, the jussive of قال "say"; standing alone, يقل is "be less" (يقل عن "is less than")
    assert!(holds(&first_gloss(&annotator, "لم يقل المتحدث شيئا عن الخطة.", "يقل"), &["say"]));
    let alone = first_gloss(&annotator, "يقل عدد السكان عن مليون نسمة.", "يقل");
    assert!(!holds(&alone, &["say"]) && holds(&alone, &["less", "decrease"]), "يقل alone: {alone:?}");
    // after a number in digits or words, عاما is "years", not "general"
    for sentence in ["يعيش في المدينة منذ 20 عاما.", "بقي في منصبه خمسين عاما."] {
        assert!(holds(&first_gloss(&annotator, sentence, "عاما"), &["year"]), "{sentence}");
    }
}

/// Everyday senses found missing or ranked below a rare one while reading news texts of
/// the team's own (stops 26 and 27; each fixed by a line of `data/senses.tsv`). The
/// sentences are ours, written for this test; each word fails without its line.
#[test]
fn everyday_senses_found_reading_news() {
    let annotator = common::annotator();
    let cases: &[(&str, &str, &[&str])] = &[
        ("وأشار تقرير صادر عن المنظمة إلى نقص في الأدوية.", "صادر", &["issued", "published"]),
        ("وقال إن آلاف الأطفال عرضة للخطر بسبب الجفاف.", "للخطر", &["danger"]),
        ("وارتفع عدد مستخدمي الإنترنت في البلاد إلى عشرة ملايين.", "مستخدمي", &["user"]),
        ("وافتتح المعرض بمشاركة مئات الناشرين.", "بمشاركة", &["participation"]),
        ("وحذر الأطباء من سلالة جديدة من الفيروس.", "سلالة", &["strain"]),
        ("وتشمل المساعدات الفئات الأكثر فقرا.", "الفئات", &["category", "group"]),
        ("وتستثمر الشركة في الذكاء الاصطناعي.", "الذكاء", &["intelligence"]),
        ("وفرضت الحكومة رسوما جمركية على السيارات المستوردة.", "رسوما", &["fee"]),
        ("وقالت مصادر أمنية إن الهجوم وقع فجرا.", "أمنية", &["security"]),
        ("وبقي في منصبه أربعين عاما.", "أربعين", &["forty"]),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(sentence, target, accepted)| {
            let gloss = first_gloss(&annotator, sentence, target);
            (!holds(&gloss, accepted)).then(|| format!("{target} in «{sentence}»: {gloss:?}, want one of {accepted:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
