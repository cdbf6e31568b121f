//! Entity faults of issue 15 that a reader notices at once: a name spreading to
//! the particles spelled like it (محمد علي → every على "on" a person), English
//! words on mixed pages read as names, names in Latin letters inside Arabic
//! sentences missed, and mentions running on into a weekday or a number word.
//!
//! Needs `build/data/gazetteer.bin`, `build/data/lexicon.bin` and the committed
//! `data/entities/ner.model`; skips with a message when the built files are
//! missing, unless CI=true.

mod common;

use hashiya::entities::text::normalize;
use hashiya::entities::{Entity, EntityRecognizer};

fn setup() -> Option<(EntityRecognizer, hashiya::analyze::Analyzer)> {
    common::recognizer()
}

fn mention<'t>(text: &'t str, e: &Entity) -> &'t str {
    &text[e.byte_start..e.byte_end]
}

fn show(text: &str, entities: &[Entity]) -> String {
    entities.iter().map(|e| format!("{} {} {:?}", mention(text, e), e.kind, e.english)).collect::<Vec<_>>().join(" | ")
}

/// Particles and prepositions, in the spellings texts use: none may be (or end,
/// or start) a mention.
const PARTICLES: &[&str] = &["على", "علي", "عن", "من", "إلى", "الى", "في", "أن", "إن", "حتى", "لدى"];

/// Long texts around a person named محمد علي (Muhammad Ali), whose last word is
/// the preposition على "on" by its letters, with the particles عن, من, إلى, في,
/// أن over and over. `extra`: mentions that must be found too.
struct Case {
    name: &'static str,
    text: String,
    /// (mention, type) pairs that must be found.
    want: &'static [(&'static str, &'static str)],
}

fn cases() -> Vec<Case> {
    // the issue's reproduction
    let repro = "وقال الشيخ محمد علي إن الاتفاق يمثل خطوة مهمة. ووافق المجلس على القرار بعد أن حصل على الأغلبية.".to_string();
    // a long text that writes ى where it belongs: the name comes back as علي
    let body = "وأشار المجلس إلى أن الحكومة عملت على تحسين الخدمات في المدن، وتحدث عن الخطة التي حصل عليها من الوزارة. \
                وأكد أن اللجنة ستعمل على متابعة التنفيذ حتى نهاية العام، وأن الأعضاء اطلعوا على التقرير. ";
    let mut long = String::from("وقال الشيخ محمد علي إن الاتفاق يمثل خطوة مهمة على طريق الإصلاح. ");
    for _ in 0..8 {
        long.push_str(body);
    }
    long.push_str("وأضاف علي أن المجلس سيصوت على القرار في الأسبوع المقبل.");
    // a text that never writes ى (على spelled علي): the lexicon's reading stands
    let mut no_maqsura = String::from("قال محمد علي إن الاتفاق مهم لمصر. ");
    for _ in 0..6 {
        no_maqsura.push_str("وحصل المجلس علي الأغلبية بعد أن تحدث الأعضاء عن الخطة، وأشاروا الي أن العمل جار في المدن. ");
    }
    vec![
        Case { name: "the issue's sentence", text: repro, want: &[("محمد علي", "PER")] },
        Case { name: "a long text writing ى where it belongs", text: long, want: &[("محمد علي", "PER"), ("علي", "PER")] },
        Case { name: "a long text that writes ي for ى", text: no_maqsura, want: &[("محمد علي", "PER"), ("مصر", "LOC")] },
    ]
}

#[test]
fn names_do_not_spread_to_particles_spelled_like_them() {
    let Some((rec, an)) = setup() else { return };
    for case in cases() {
        let text = &case.text;
        let entities = rec.recognize_with(text, Some(&an));
        let shown = show(text, &entities);
        for e in &entities {
            let words: Vec<String> = mention(text, e).split_whitespace().map(normalize).collect();
            for edge in [words.first(), words.last()].into_iter().flatten() {
                // the name علي is allowed where the case asks for it, as a word of its own
                let wanted = case.want.iter().any(|&(m, _)| normalize(m) == normalize(mention(text, e)));
                assert!(
                    wanted || !PARTICLES.iter().any(|p| normalize(p) == *edge),
                    "{}: a mention is or ends on a particle: {shown}",
                    case.name
                );
            }
        }
        for &(m, kind) in case.want {
            assert!(
                entities.iter().any(|e| normalize(mention(text, e)) == normalize(m) && e.kind == kind),
                "{}: {m} ({kind}) not found: {shown}",
                case.name
            );
        }
        // no mention on a token written على (the preposition, as written)
        assert!(!entities.iter().any(|e| mention(text, e).split_whitespace().any(|w| w == "على")), "{}: {shown}", case.name);
        // the person is Muhammad Ali, not "Muhammad Ala"
        let ali = entities.iter().find(|e| normalize(mention(text, e)) == normalize("محمد علي")).unwrap();
        assert!(matches!(ali.english.as_str(), "Muhammad Ali" | "Mohammed Ali" | "Mohammad Ali"), "{}: {}", case.name, ali.english);
    }
}

#[test]
fn the_issues_sentence_gives_one_entity() {
    let Some((rec, an)) = setup() else { return };
    let text = "وقال الشيخ محمد علي إن الاتفاق يمثل خطوة مهمة. ووافق المجلس على القرار بعد أن حصل على الأغلبية.";
    let entities = rec.recognize_with(text, Some(&an));
    assert_eq!(entities.len(), 1, "{}", show(text, &entities));
    // the issue accepts either spelling of محمد (the team's table writes Mohammed)
    assert_eq!((mention(text, &entities[0]), entities[0].kind), ("محمد علي", "PER"));
    assert!(matches!(entities[0].english.as_str(), "Muhammad Ali" | "Mohammed Ali"), "{}", show(text, &entities));
}

/// An English page with a few Arabic words (language links, a quoted word, a
/// caption), as `hashiya annotate --html` reads it.
const ENGLISH_PAGE: &str = r#"<html><head><title>Baghdad - Wikipedia</title></head><body>
<div class="nav">Home | News | Sport | Published 12 March 2024 | Wait for it | Share this article</div>
<h1>Baghdad</h1>
<p>Baghdad (Arabic: بغداد) is the capital of Iraq. Published accounts say the city was founded in 762 by
the Abbasid caliph Al-Mansur, who called it Madinat al-Salam (مدينة السلام), the City of Peace.
Wait times at the airport were long, and officials bluntly said that Reuters and the BBC had reported it.</p>
<p>Saddam Hussein ruled Iraq until 2003. See also Mosul, Basra and الموصل.</p>
<ul><li>العربية</li><li>فارسی</li><li>Deutsch</li><li>Español</li><li>Français</li><li>Bahasa Indonesia</li></ul>
<p>Read more: Muhammad Ali, known in Arabic as محمد علي, visited the city in 1990. CNN, IBM and Apple were mentioned.</p>
</body></html>"#;

#[test]
fn english_words_on_a_mixed_page_are_no_entities() {
    let Some((rec, an)) = setup() else { return };
    let text = hashiya::html::extract(ENGLISH_PAGE).text;
    let entities = rec.recognize_with(&text, Some(&an));
    let latin: Vec<&Entity> = entities.iter().filter(|e| mention(&text, e).chars().any(|c| c.is_ascii_alphabetic())).collect();
    assert!(latin.is_empty(), "English words tagged: {}", show(&text, &entities));
    // the Arabic words still are
    assert!(entities.iter().any(|e| mention(&text, e) == "بغداد" && e.kind == "LOC"), "{}", show(&text, &entities));
}

#[test]
fn names_in_latin_letters_inside_arabic_sentences_are_entities() {
    let Some((rec, an)) = setup() else { return };
    // (sentence, mention, type, English)
    let table: &[(&str, &str, &str, &str)] = &[
        ("قالت شبكة CNN إن الرئيس وصل إلى القاهرة.", "CNN", "ORG", "CNN"),
        ("وقال مدير شركة IBM في المنطقة إن الطلب ارتفع.", "IBM", "ORG", "IBM"),
        ("أعلنت شركة Apple عن هاتف جديد في مؤتمر بكاليفورنيا.", "Apple", "ORG", "Apple"),
        ("ذكر تقرير لـ(BBC) أن المفاوضات توقفت.", "BBC", "ORG", "BBC"),
        ("وقالت وكالة Reuters إن الاجتماع انتهى.", "Reuters", "ORG", "Reuters"),
    ];
    for &(text, m, kind, english) in table {
        let entities = rec.recognize_with(text, Some(&an));
        assert!(
            entities.iter().any(|e| mention(text, e).contains(m) && e.kind == kind && e.english.contains(english)),
            "{m} ({kind}, {english}) not found in {text}: {}",
            show(text, &entities)
        );
    }
}

#[test]
fn mentions_stop_before_a_weekday_or_a_number_word() {
    let Some((rec, an)) = setup() else { return };
    // (sentence, the mention as it must be)
    let table: &[(&str, &str)] = &[
        ("وصل وزير الخارجية الأمريكي جون كيري الثلاثاء إلى القاهرة.", "جون كيري"),
        ("وقالت المتحدثة ماريا زاخاروفا الجمعة إن موسكو سترد.", "ماريا زاخاروفا"),
        ("وأكد الوزير عادل الجبير الأربعاء أن المملكة تدعم الحل.", "عادل الجبير"),
        ("التقى الرئيس إيمانويل ماكرون الأحد نظيره الروسي.", "إيمانويل ماكرون"),
        ("استقبل الأمير محمد بن سلمان ثلاثة وزراء.", "محمد بن سلمان"),
    ];
    for &(text, want) in table {
        let entities = rec.recognize_with(text, Some(&an));
        let shown = show(text, &entities);
        assert!(entities.iter().any(|e| mention(text, e) == want), "{want} not found as a whole in {text}: {shown}");
        for e in &entities {
            let last = mention(text, e).split_whitespace().last().unwrap();
            assert!(!matches!(last, "الثلاثاء" | "الجمعة" | "الأربعاء" | "الأحد" | "ثلاثة"), "{text}: {shown}");
        }
    }
}

/// A definite institution word with one nationality after it is a description
/// (القوات الإسرائيلية "Israeli forces", النادي البرازيلي "the Brazilian club") and no
/// name; with two adjectives it names one (القيادة الأميركية الوسطى, US Central Command).
#[test]
fn a_description_is_no_organisation_a_command_is() {
    let Some((rec, an)) = setup() else { return };
    for text in ["وقال مسؤول إن القوات الإسرائيلية انسحبت من القرية.", "وفاز النادي البرازيلي على منافسه."] {
        let entities = rec.recognize_with(text, Some(&an));
        assert!(entities.iter().all(|e| e.kind != "ORG"), "{text}: {}", show(text, &entities));
    }
    let text = "وأعلنت القيادة الأميركية الوسطى أن الطائرات قصفت مواقع التنظيم.";
    let entities = rec.recognize_with(text, Some(&an));
    assert!(
        entities.iter().any(|e| mention(text, e) == "القيادة الأميركية الوسطى" && e.kind == "ORG" && e.english == "US Central Command"),
        "{text}: {}",
        show(text, &entities)
    );
}

/// Sports clubs are organisations with the English news gives them, whether
/// written with نادي or without it; a word of the language that is also a club's
/// name (الوحدة "unity") is not one on its own; and a bracket ends a mention, so a
/// name and its short form in brackets are two.
#[test]
fn sports_clubs_by_their_news_names_and_brackets_end_mentions() {
    let Some((rec, an)) = setup() else { return };
    let text = "فاز ريال مدريد على نادي إشبيلية، وخسر بايرن ميونخ أمام مانشستر يونايتد.";
    let entities = rec.recognize_with(text, Some(&an));
    for (name, english) in [("ريال مدريد", "Real Madrid"), ("نادي إشبيلية", "Sevilla FC"), ("بايرن ميونخ", "Bayern Munich"), ("مانشستر يونايتد", "Manchester United")] {
        assert!(
            entities.iter().any(|e| mention(text, e) == name && e.kind == "ORG" && e.english == english),
            "{name} → {english}: {}",
            show(text, &entities)
        );
    }
    let text = "وتحدث الوزير عن أهمية الوحدة الوطنية في هذه المرحلة.";
    let entities = rec.recognize_with(text, Some(&an));
    assert!(entities.iter().all(|e| !mention(text, e).contains("الوحدة")), "{text}: {}", show(text, &entities));
    let text = "وقالت هيئة الإذاعة البريطانية (بي بي سي) إن المفاوضات توقفت.";
    let entities = rec.recognize_with(text, Some(&an));
    assert!(entities.iter().all(|e| !mention(text, e).contains('(')), "{text}: {}", show(text, &entities));
    assert!(entities.iter().any(|e| mention(text, e) == "هيئة الإذاعة البريطانية" && e.kind == "ORG"), "{text}: {}", show(text, &entities));
}

/// Well-known foreign people are found with the English a reader knows, not a
/// letter-by-letter rendering, also after the conjunction و (which stays out of the
/// mention); a surname alone later in the text is the person, not a club of that
/// name.
#[test]
fn well_known_people_by_their_english_names() {
    let Some((rec, an)) = setup() else { return };
    let text = "التقى الرئيس وجاك شيراك أمس، وقال شيراك إن توم كروز وإيلون ماسك حضرا الحفل.";
    let entities = rec.recognize_with(text, Some(&an));
    for (name, english) in [("جاك شيراك", "Jacques Chirac"), ("شيراك", "Chirac"), ("توم كروز", "Tom Cruise"), ("إيلون ماسك", "Elon Musk")] {
        assert!(
            entities.iter().any(|e| mention(text, e) == name && e.kind == "PER" && e.english == english),
            "{name} → {english}: {}",
            show(text, &entities)
        );
    }
}

/// A club's bare name (النصر, الهلال) is the club where the sentence is about
/// sport, with the club's English; elsewhere it is the word ("victory", "crescent").
#[test]
fn bare_club_names_only_in_sport() {
    let Some((rec, an)) = setup() else { return };
    let text = "وفاز النصر على الهلال بهدفين في مباراة الدوري.";
    let entities = rec.recognize_with(text, Some(&an));
    for (name, english) in [("النصر", "Al Nassr"), ("الهلال", "Al Hilal")] {
        assert!(
            entities.iter().any(|e| mention(text, e) == name && e.kind == "ORG" && e.english == english),
            "{name} → {english}: {}",
            show(text, &entities)
        );
    }
    let text = "وتحدث الرئيس عن النصر في الحرب وعن رؤية الهلال في السماء.";
    let entities = rec.recognize_with(text, Some(&an));
    assert!(entities.iter().all(|e| !matches!(mention(text, e), "النصر" | "الهلال")), "{text}: {}", show(text, &entities));
}

/// Organisations from the registry's bilingual tables (ArWikiCats) are found
/// whole, with their English names (before, منظمة الأمن والتعاون في أوروبا stopped
/// at "Security Organization" and منظمة الدول الأمريكية was missed), and a listed
/// organisation keeps its English before an adjective of nationality; a description headed by such a word (قوات حفظ السلام
/// "peacekeeping forces", منظمة حكومية دولية "an intergovernmental organisation",
/// الحزب الشيوعي "the communist party") is given no table's name.
#[test]
fn organisations_from_the_registries_with_their_english_names() {
    let Some((rec, an)) = setup() else { return };
    let text = "وأصدر مجلس الأمن التابع للأمم المتحدة قرارا رحبت به منظمة الدول الأمريكية ومنظمة الأمن والتعاون في أوروبا، \
                فيما أعلن الاتحاد الدولي لكرة السلة تأجيل البطولة. وقالت جامعة أكسفورد إن هيئة الإذاعة اليابانية ومجلس العموم الكندي رحبا بالقرار. \
                وقال حزب الله اللبناني إنه يرفض القرار.";
    let entities = rec.recognize_with(text, Some(&an));
    for (name, english) in [
        ("مجلس الأمن التابع للأمم المتحدة", "United Nations Security Council"),
        ("منظمة الدول الأمريكية", "Organization of American States"),
        ("منظمة الأمن والتعاون في أوروبا", "Organization for Security and Co-Operation in Europe"),
        ("الاتحاد الدولي لكرة السلة", "FIBA"),
        ("جامعة أكسفورد", "Oxford University"),
        ("هيئة الإذاعة اليابانية", "NHK"),
        ("مجلس العموم الكندي", "Canadian House of Commons"),
        // a listed name before its country's adjective (was "Lebanese Leh Party")
        ("حزب الله اللبناني", "Hezbollah"),
    ] {
        assert!(
            entities.iter().any(|e| mention(text, e) == name && e.kind == "ORG" && e.english == english),
            "{name} → {english}: {}",
            show(text, &entities)
        );
    }
    // a basketball club named after a place is not its city's club (نادي ليون is
    // Lyon's, not Baloncesto León)
    let text = "وتعاقد نادي ليون الفرنسي مع مدرب جديد.";
    let entities = rec.recognize_with(text, Some(&an));
    assert!(entities.iter().all(|e| !e.english.contains("León")), "{text}: {}", show(text, &entities));
    let text = "وانضم الجنود إلى قوات حفظ السلام الأفريقية، وهي منظمة حكومية دولية. وأعلن الحزب الشيوعي فوزه في الانتخابات.";
    let entities = rec.recognize_with(text, Some(&an));
    for description in ["حفظ السلام", "حكومية دولية", "الحزب الشيوعي"] {
        assert!(
            entities.iter().all(|e| !mention(text, e).contains(description) || !e.english.contains("Peacekeeping") && !e.english.contains("Intergovernmental") && e.english != "Communist Party"),
            "{description}: {}",
            show(text, &entities)
        );
    }
}
