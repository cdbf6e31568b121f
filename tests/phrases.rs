//! The team's phrase table (`data/phrases.tsv`, compiled into the core): every line
//! parses, and its phrases are found in text with the clitics and the article the
//! rest of the term layer allows, shown with the table's English and its source.

mod common;

use hashiya::terms::{self, phrases, TermSource};

/// Every line of the file is a comment, blank, or `arabic<TAB>english` with an
/// Arabic phrase of two words or more that the core's own keying accepts and a
/// non-empty English.
#[test]
fn every_line_of_the_table_parses() {
    let mut entries = 0;
    for (i, line) in phrases::TABLE.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 2, "line {n}: expected `arabic<TAB>english`: {line:?}");
        let (arabic, english) = (cols[0].trim(), cols[1].trim());
        assert!(arabic.split_whitespace().count() >= 2, "line {n}: {arabic} is not a phrase of two words or more");
        for word in arabic.split_whitespace() {
            assert!(hashiya::normalize::key(word).is_some(), "line {n}: the core does not key {word:?}");
        }
        assert!(terms::keys::phrase_key(arabic).is_some(), "line {n}: {arabic} has no phrase key");
        assert!(!english.is_empty() && english.split(';').all(|e| !e.trim().is_empty()), "line {n}: empty English");
        entries += 1;
    }
    assert!(entries >= 250, "{entries} lines");
    // Nothing the file says is lost in parsing: one entry per distinct phrase key.
    let keys: std::collections::HashSet<String> = phrases::TABLE
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| terms::keys::phrase_key(l.split('\t').next().unwrap()))
        .collect();
    assert_eq!(phrases::table().len(), keys.len());
}

/// Sentences with table phrases written with clitics and with or without the
/// article (three times each): each phrase is a key term with the table's English,
/// from the table, counted three times.
#[test]
fn table_phrases_are_key_terms_with_clitics_and_the_article() {
    let annotator = common::annotator();
    // (sentence, phrase as the key term shows it, English)
    let cases = [
        (
            "نقلت وكالات الأنباء أن حماية الفضاء الإلكتروني صارت أولوية، وأن الدول تتنافس في الفضاء الإلكتروني وبالفضاء الإلكتروني تدار الحروب.",
            "الفضاء الإلكتروني",
            "cyberspace",
        ),
        (
            "اجتمع وزير الخارجية بنظيره، ثم قال لوزير الخارجية الفرنسي إن وزير الخارجية سيزور العاصمة.",
            "وزير الخارجية",
            "foreign minister",
        ),
        (
            "أعلنت الحكومة خطة لمكافحة الإرهاب، وقالت إن مكافحة الإرهاب تتطلب تعاونا، فالتعاون ضروري ومكافحة الإرهاب مسؤولية الجميع.",
            "مكافحة الإرهاب",
            "counter-terrorism",
        ),
        (
            "انفجرت سيارة مفخخة قرب السوق، وهي ثاني سيارة مفخخة هذا الشهر، وقالت الشرطة إن السيارة المفخخة كانت متوقفة منذ الصباح.",
            "سيارة مفخخة",
            "car bomb",
        ),
        (
            "ارتفعت أسعار النفط أمس، ويتوقع المحللون أن تواصل أسعار النفط صعودها، فبأسعار النفط الحالية تتحسن الميزانيات.",
            "أسعار النفط",
            "oil prices",
        ),
        // found reading news (stop 27): the dictionary's "Dauphine", and "march" word by word
        (
            "استقبل ولي العهد الوفد، ثم التقى ولي العهد بالوزراء، وقال مكتب ولي العهد إن المحادثات كانت مثمرة.",
            "ولي العهد",
            "crown prince",
        ),
        (
            "أسقطت الدفاعات طائرة مسيرة فجرا، وقال الجيش إن الطائرة المسيرة أطلقت من الجنوب، وإن طائرة مسيرة ثانية سقطت في البحر.",
            "طائرة مسيرة",
            "drone",
        ),
        (
            "يهدد الجفاف وتغير المناخ المحاصيل، ويقول العلماء إن الفقر وتغير المناخ مرتبطان، ويدعون إلى التصدي لتغير المناخ.",
            "تغير المناخ",
            "climate change",
        ),
        // found reading news (stop 28): "Throughput" from the dictionary, "misleading" alone
        (
            "قالت الشركة إن الطاقة الإنتاجية للمصنع ستتضاعف، وإن زيادة الطاقة الإنتاجية تحتاج استثمارا، وبلغت بالطاقة الإنتاجية الحالية حدها.",
            "الطاقة الإنتاجية",
            "production capacity",
        ),
        (
            "تنتشر المعلومات المضللة على المنصات، ويقول باحثون إن المعلومات المضللة تهدد الانتخابات، ويدعون إلى مكافحة المعلومات المضللة.",
            "المعلومات المضللة",
            "disinformation",
        ),
        // found reading news on health (stop 29): "poverty" for الضنك word by word
        (
            "ينتشر مرض حمى الضنك في المدن الساحلية، وتقول الوزارة إن حمى الضنك تنتقل عبر البعوض، وإن مكافحة حمى الضنك تبدأ بتجفيف المستنقعات.",
            "حمى الضنك",
            "dengue fever",
        ),
        // a war the words read "war of gulf"; an accord that holds a place's name
        (
            "شارك الجنود في حرب الخليج عام 1991، وقال قائدهم إن حرب الخليج غيرت المنطقة، وكتب مذكراته عن حرب الخليج.",
            "حرب الخليج",
            "Gulf War",
        ),
        (
            "وقع الطرفان اتفاق أوسلو عام 1993، ويقول المفاوضون إن اتفاق أوسلو لم يطبق، وإن العودة إلى اتفاق أوسلو صعبة.",
            "اتفاق أوسلو",
            "Oslo Accords",
        ),
    ];
    for (text, phrase, english) in cases {
        let doc = annotator.annotate(text);
        let want = terms::keys::phrase_key(phrase).unwrap();
        let k = doc
            .key_terms
            .iter()
            .find(|k| terms::keys::phrase_key(&k.text).as_deref() == Some(&want))
            .unwrap_or_else(|| panic!("{phrase} is not a key term of {text:?}: {:#?}", doc.key_terms));
        assert_eq!((k.english.as_str(), k.source), (english, TermSource::Phrasebook), "{phrase}");
        // cited without the clitics of any occurrence
        assert_eq!(k.text, phrase);
        // every occurrence, whatever its clitics and article, is counted (three in each sentence)
        assert_eq!(k.count, 3, "{phrase}: {:?}", k.occurrences);
        // and the tooltip of each occurrence names the table as the source
        let spans: Vec<_> = doc.spans.iter().filter(|s| s.layer == hashiya::annotate::Layer::Term && k.occurrences.contains(&(s.start, s.end))).collect();
        assert_eq!(spans.len(), k.occurrences.len(), "{phrase}: every occurrence is marked in the text");
        for s in spans {
            match &doc.entries[s.id as usize] {
                hashiya::annotate::Entry::Ready(hashiya::annotate::Details::Term(d)) => {
                    assert_eq!((d.english.as_str(), d.source), (english, TermSource::Phrasebook))
                }
                other => panic!("{phrase}: {other:?}"),
            }
        }
    }
}

/// The same phrase without the table is composed word by word (or taken from the
/// dictionary): the table is what renders it.
#[test]
fn without_the_table_the_phrase_is_composed() {
    let path = common::data_dir().join("terms.bin");
    let Ok(bytes) = std::fs::read(&path) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is missing", path.display());
        eprintln!("SKIPPED: {} is absent (run `npm run build:data`)", path.display());
        return;
    };
    let annotator = common::annotator();
    let text = "تنشط الجماعات في الفضاء الإلكتروني، ومن الفضاء الإلكتروني تجند أنصارها.";
    let doc = annotator.annotate(text);
    let analysed = terms::Analysed::new(annotator.analyzer(), text, &doc);
    let tokens = analysed.tokens();
    let english = |index: &terms::TermIndex| {
        let kt = index.key_terms(text, &tokens, &[], None, &terms::KeyTermOptions::default());
        kt.iter().find(|k| k.text == "الفضاء الإلكتروني").map(|k| (k.english.clone(), k.source))
    };
    let with = terms::TermIndex::from_bytes(&bytes, "terms.bin").unwrap();
    assert_eq!(english(&with), Some(("cyberspace".to_string(), TermSource::Phrasebook)));
    let without = english(&with.without_phrase_table()).expect("a key term without the table too");
    assert_ne!(without.0, "cyberspace");
    assert_ne!(without.1, TermSource::Phrasebook);
}
