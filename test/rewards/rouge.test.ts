import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmeasure, rougeL, rougeMeanF, rougeN, rougeScores, rougeTokenize } from '../../src/rewards/rouge.js';

/** A Python float as recorded by repr(): round-trips exactly through Number(). */
const py = (s: string): number => Number(s);

/*
 * Rows produced by running rouge_score from source (google-research rouge/: rouge_scorer.py,
 * tokenize.py, tokenizers.py, scoring.py) with NLTK's porter.py from source, under CPython 3.11.7:
 * `RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True).score(target, prediction)`.
 * Columns: target, prediction, then precision / recall / fmeasure for rouge1, rouge2, rougeL,
 * then grpo.py's compute_rouge_score mean `(f1 + f2 + fL) / 3`. The first ~40 pairs are
 * hand-picked (stemming-sensitive words, punctuation, case, non-ASCII, empty sides, repeats); the
 * rest are seeded random sentences over NLTK's documentation vocabulary. Compared bit-for-bit.
 */
const ROWS: string[][] = [
  ["The cat is running in the park", "the cats ran in the parks", "0.8333333333333334", "0.7142857142857143", "0.7692307692307692", "0.6", "0.5", "0.5454545454545454", "0.8333333333333334", "0.7142857142857143", "0.7692307692307692", "0.6946386946386945"],
  ["running runs ran", "run", "1.0", "0.3333333333333333", "0.5", "0.0", "0.0", "0.0", "1.0", "0.3333333333333333", "0.5", "0.3333333333333333"],
  ["The quick brown fox jumps over the lazy dog", "The quick brown dog jumps on the log.", "0.75", "0.6666666666666666", "0.7058823529411765", "0.2857142857142857", "0.25", "0.26666666666666666", "0.625", "0.5555555555555556", "0.5882352941176471", "0.5202614379084968"],
  ["generalization happiness", "generalize happy", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["caresses ponies skies", "caress pony sky", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["the sky is blue", "skies are blue", "0.6666666666666666", "0.5", "0.5714285714285715", "0.0", "0.0", "0.0", "0.6666666666666666", "0.5", "0.5714285714285715", "0.380952380952381"],
  ["He was dying of laughter", "he died laughing", "0.6666666666666666", "0.4", "0.5", "0.0", "0.0", "0.0", "0.6666666666666666", "0.4", "0.5", "0.3333333333333333"],
  ["organization", "organizations organize organized", "0.3333333333333333", "1.0", "0.5", "0.0", "0.0", "0.0", "0.3333333333333333", "1.0", "0.5", "0.3333333333333333"],
  ["", "", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["", "something", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["something", "", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["a", "a", "1.0", "1.0", "1.0", "0.0", "0.0", "0.0", "1.0", "1.0", "1.0", "0.6666666666666666"],
  ["a b", "b a", "1.0", "1.0", "1.0", "0.0", "0.0", "0.0", "0.5", "0.5", "0.5", "0.5"],
  ["...", "!!!", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["The person walks to the door and opens it.", "A person is walking toward a door, then opening it.", "0.5", "0.5555555555555556", "0.5263157894736842", "0.1111111111111111", "0.125", "0.11764705882352941", "0.5", "0.5555555555555556", "0.5263157894736842", "0.39009287925696595"],
  ["A man cuts vegetables in the kitchen", "In the kitchen, a man is cutting vegetables.", "0.875", "1.0", "0.9333333333333333", "0.5714285714285714", "0.6666666666666666", "0.6153846153846153", "0.5", "0.5714285714285714", "0.5333333333333333", "0.6940170940170939"],
  ["two people play tennis", "Two players are playing tennis on a court", "0.375", "0.75", "0.5", "0.14285714285714285", "0.3333333333333333", "0.2", "0.375", "0.75", "0.5", "0.39999999999999997"],
  ["The woman pours water into the glass", "the woman poured water in a glass", "0.7142857142857143", "0.7142857142857143", "0.7142857142857143", "0.5", "0.5", "0.5", "0.7142857142857143", "0.7142857142857143", "0.7142857142857143", "0.6428571428571429"],
  ["Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e", "cafe creme brulee", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["\u0130stanbul Kelvin", "istanbul kelvin", "0.5", "0.3333333333333333", "0.4", "0.0", "0.0", "0.0", "0.5", "0.3333333333333333", "0.4", "0.26666666666666666"],
  ["numbers 123 and 4567 and 89", "123 4567 89 numbers", "1.0", "0.6666666666666666", "0.8", "0.0", "0.0", "0.0", "0.75", "0.5", "0.6", "0.4666666666666666"],
  ["the the the the", "the the", "1.0", "0.5", "0.6666666666666666", "1.0", "0.3333333333333333", "0.5", "1.0", "0.5", "0.6666666666666666", "0.611111111111111"],
  ["hopefulness callousness", "hope callous", "0.5", "0.5", "0.5", "0.0", "0.0", "0.0", "0.5", "0.5", "0.5", "0.3333333333333333"],
  ["He is relational and conditional", "relate condition", "1.0", "0.4", "0.5714285714285715", "0.0", "0.0", "0.0", "1.0", "0.4", "0.5714285714285715", "0.380952380952381"],
  ["electrical electricity", "electric electriciti", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["digitizer digitize", "digit", "1.0", "0.5", "0.6666666666666666", "0.0", "0.0", "0.0", "1.0", "0.5", "0.6666666666666666", "0.4444444444444444"],
  ["The dog is barking loudly at the mailman", "The mailman is being barked at by the dog", "0.7777777777777778", "0.875", "0.823529411764706", "0.25", "0.2857142857142857", "0.26666666666666666", "0.5555555555555556", "0.625", "0.5882352941176471", "0.5594771241830067"],
  ["first\nsecond line\nthird", "first second\nthird line", "1.0", "1.0", "1.0", "0.3333333333333333", "0.3333333333333333", "0.3333333333333333", "0.75", "0.75", "0.75", "0.6944444444444443"],
  ["tab\tseparated\twords", "tab separated words", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["happiness is the key", "the key is happy", "1.0", "1.0", "1.0", "0.3333333333333333", "0.3333333333333333", "0.3333333333333333", "0.5", "0.5", "0.5", "0.611111111111111"],
  ["UPPER lower MiXeD", "upper LOWER mixed", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["e-mail co-operate re-entry", "email cooperate reentry", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["don't won't can't", "do not will not can not", "0.16666666666666666", "0.16666666666666666", "0.16666666666666666", "0.0", "0.0", "0.0", "0.16666666666666666", "0.16666666666666666", "0.16666666666666666", "0.1111111111111111"],
  ["\u6e38\u6cf3 running \u4e2d\u6587", "running", "1.0", "1.0", "1.0", "0.0", "0.0", "0.0", "1.0", "1.0", "1.0", "0.6666666666666666"],
  ["the cat sat on the mat", "the cat sat on the mat", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["the cat sat on the mat", "mat the on sat cat the", "1.0", "1.0", "1.0", "0.0", "0.0", "0.0", "0.5", "0.5", "0.5", "0.5"],
  ["a b c d e f", "a c e", "1.0", "0.5", "0.6666666666666666", "0.0", "0.0", "0.0", "1.0", "0.5", "0.6666666666666666", "0.4444444444444444"],
  ["a b c d e f", "f e d c b a", "1.0", "1.0", "1.0", "0.0", "0.0", "0.0", "0.16666666666666666", "0.16666666666666666", "0.16666666666666666", "0.3888888888888889"],
  ["xxx yyyy", "xxx yyyy", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["innings outings cannings", "inning outing canning", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["proceed exceed succeed", "proceeding exceeding succeeding", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0"],
  ["we Scored ever", "760 Crossvalidationprobdist yoav Singleton Socrates amp observe shift", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Punc", "weird lippincott Ant Template greeting successive Looking e.g. 497 yet differs", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["210 electricity Loaded identified ! executed", "electricity , per necessary", "0.3333333333333333", "0.2", "0.25", "0.0", "0.0", "0.0", "0.3333333333333333", "0.2", "0.25", "0.16666666666666666"],
  ["922 Divisas Much", "446 algarve params pasajeros 952 Customized 264 boisen e.g.", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Hopes \u00e9 Chunkings primeiro naquele tem deploy Ial 171 bundles elvish Porting", "141 averagedperceptron Force tractable interesting coisa \u00e9", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["checks virtualenvs Compatibility", "Compatibility ", "1.0", "0.3333333333333333", "0.5", "0.0", "0.0", "0.0", "1.0", "0.3333333333333333", "0.5", "0.3333333333333333"],
  ["Field c Floresta", " striprule Math trie Simplistic", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["repr passar it's dance !", "! passar it's Chi Frontier", "0.6", "0.6", "0.6", "0.5", "0.5", "0.5", "0.6", "0.6", "0.6", "0.5666666666666668"],
  ["eater Abbb constrain taft incompetent performed e.g. Had qtree debt cotton", "constrain Had cotton Abbb performed incompetent qtree ", "1.0", "0.5833333333333334", "0.7368421052631579", "0.0", "0.0", "0.0", "0.42857142857142855", "0.25", "0.3157894736842105", "0.3508771929824561"],
  ["(x) , Enchain 588 pobj Rotokas propriamente aardwolf", " Ir thus", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["mode , discourses unchunkrule cramp bacon", "-", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["closedworldprover Live Train Pile generation rid . interest deni lang Commissioner", "generation lang deni Commissioner 990 Greenland pers", "0.5714285714285714", "0.4", "0.47058823529411764", "0.0", "0.0", "0.0", "0.42857142857142855", "0.3", "0.3529411764705882", "0.2745098039215686"],
  ["Familiarizamos sibling", "marek transcription Bay - \u00e9 Pooch", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["accurately 135 540 575 935 precedes faced", " retracted", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["achar unchanged Mushrooms Placental nltkwordtokenizer impression 936 slovenian 850 Pensamento Gebofduzn catalan fetter", "achar decision Persona merging", "0.25", "0.07692307692307693", "0.11764705882352941", "0.0", "0.0", "0.0", "0.25", "0.07692307692307693", "0.11764705882352941", "0.0784313725490196"],
  ["503 \u00e9 electricity 190", "topics oil pull offense", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Fr", "Fr parallel", "0.5", "1.0", "0.6666666666666666", "0.0", "0.0", "0.0", "0.5", "1.0", "0.6666666666666666", "0.4444444444444444"],
  ["Manner let proadj ita apareceu it's", "proadj let ita Manner apareceu it's situations 202 door", "0.7", "1.0", "0.8235294117647058", "0.2222222222222222", "0.3333333333333333", "0.26666666666666666", "0.5", "0.7142857142857143", "0.588235294117647", "0.5594771241830064"],
  ["kjv lite Platforms e.g. 245 isl adv", "923 Qualified eq Pt processed collected significativamente \u2014 through", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["dozens position symbol Institution Hopes carro danish rico 773 equiv viveu Treetransforms count Modes", "position count danish rico Modes 773 carro Institution floss", "0.8888888888888888", "0.5714285714285714", "0.6956521739130435", "0.125", "0.07692307692307693", "0.09523809523809525", "0.4444444444444444", "0.2857142857142857", "0.34782608695652173", "0.3795721187025534"],
  ["(x) Gmt amounts Terra xe featurechartparser (x) Returning", "mailing - edge went headed - xfamero madras 646", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Sent ftp wmt bloomers jan strategies construct mid", "bloomers strategies ", "1.0", "0.25", "0.4", "0.0", "0.0", "0.0", "1.0", "0.25", "0.4", "0.26666666666666666"],
  ["Duas", "translated . ? marvel ah push testdir Sleet 391 Serena it's \u00e9 aromatic", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["xaboutro abstracteater Averagedperceptron acetic wn . Calling Wit cor Namely Preparing (x) Vehicle", "chega", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["convenience - Costura Hello boll", "538 - Pred", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Propriamente Globs Few captures Filename regexp Gamma Assis fei tagged Unless shining loop", "Gamma fei regexp tagged loop Filename Tox configured see mallet", "0.6", "0.46153846153846156", "0.5217391304347826", "0.0", "0.0", "0.0", "0.4", "0.3076923076923077", "0.34782608695652173", "0.2898550724637681"],
  ["Differ illegal fromlist", "- . beroep", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["62 append (x) cut Drt", "62 append (x) cut Peps en regardless Abnormal", "0.5", "0.8", "0.6153846153846154", "0.42857142857142855", "0.75", "0.5454545454545454", "0.5", "0.8", "0.6153846153846154", "0.5920745920745921"],
  ["Session Atmosphere , Darul", "responsiveness bleu admit Pruning Newcomers dump", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Blockquotes \u2014 jean Fazia \u2014 talk Nodedist 77 Thaw negative", "\u2014 esse lit customfeaturevalue", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["regex interaction estonian getting 69 views segment hikes", "segment views regex getting estonian interaction hikes 69 monstrous copied guaranteeing", "0.7272727272727273", "1.0", "0.8421052631578948", "0.0", "0.0", "0.0", "0.2727272727272727", "0.375", "0.3157894736842105", "0.3859649122807018"],
  ["entities opinionlexiconcorpusreader la fromkeys comple Brookings burnt alphabetical 26", "comple alphabetical opinionlexiconcorpusreader fromkeys 26 Brookings entities feebleminded Loaded Sometimes", "0.7", "0.7777777777777778", "0.7368421052631577", "0.0", "0.0", "0.0", "0.3", "0.3333333333333333", "0.3157894736842105", "0.35087719298245607"],
  ["unspecified An streambackedcorpusview Hundreds align ! absorb 360 germany L blankline", "unspecified align L blankline germany 452 flying revenge 505", "0.5555555555555556", "0.5", "0.5263157894736842", "0.125", "0.1111111111111111", "0.11764705882352941", "0.4444444444444444", "0.4", "0.4210526315789474", "0.35500515995872034"],
  ["", "612 \u2014 teu Vvn three cumulative vegetoalkali", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["nd fleury br Pop worse Brunch e.g. lfg Encontramo 95 sents 626 computer", " peking adp", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["however Scratch", "Approve game - Colleagues", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["crucially Providing homem benthos vinken pbbabscbn", "crucially homem benthos ", "1.0", "0.5", "0.6666666666666666", "0.5", "0.2", "0.28571428571428575", "1.0", "0.5", "0.6666666666666666", "0.5396825396825397"],
  ["it's Floss , ? Lil", "? Lil , children dfl decode achar", "0.2", "0.25", "0.22222222222222224", "0.0", "0.0", "0.0", "0.2", "0.25", "0.22222222222222224", "0.14814814814814817"],
  ["Provides As , e.g. unannotated feebleminded", "Provides feebleminded unannotated , As e.g. Algumas", "0.8571428571428571", "1.0", "0.923076923076923", "0.3333333333333333", "0.4", "0.3636363636363636", "0.5714285714285714", "0.6666666666666666", "0.6153846153846153", "0.634032634032634"],
  ["", "Dictionaries - manually sequences vnclass Repr", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["591 nos Comma handles index coefficient 639 abbe", "frente mean 455 Datasets", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["purpose Peking Retrieve screen", "Everygram stemming Affected they shown Assigning unigramtagger", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["compared False analytically . linguistics", "tweets points toktoktokenizer \u00e9 operators 139 packaging beatty closeddomainprover hosam 779 984", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Driving their Sagae there regexpparser ong . obtain era He Extractor", "jumps involving ant pbc macintosh Jp passar Downloader determiner 598 Pile .", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  [", sessions Artes Meant 976 mptrees sensational Enjoyed bytesio", " 207 537", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["web form braid placed Magst , ?", ", Magst form braid acabada", "0.75", "0.6", "0.6666666666666665", "0.3333333333333333", "0.25", "0.28571428571428575", "0.5", "0.4", "0.4444444444444445", "0.4656084656084656"],
  ["Regular 102 996 \u2014 Xfamero mutableprobdist Nums unm", "", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Orchestra Snyder jack oh ? Reject Ab Borba", "paice Strida 769 election stumas Gr cojn Matrix dependencies abdicate Semcor Mem Ordering", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Menu e.g. finalizes deciding 45 xa mil conceive it's e.g. readability wind haven Jumps", "haven readability Negatives chef", "0.5", "0.11764705882352941", "0.19047619047619047", "0.0", "0.0", "0.0", "0.25", "0.058823529411764705", "0.09523809523809523", "0.09523809523809523"],
  ["generating Broil finnish aam templates 523", "it's \u2014 Tribunal jobs efficiency initialize Kneserneyprobdist germantest \u2014 939 Bernoullinb (x)", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["description interpret intersections", " Tkinter", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["", "Brill Grabar e.g. abstraction", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["rottiers e.g. lippincott \u2014 ano improvement generate status (x) oil", "Prevented Ate Estonian alphanumeric poss Combine meeting meu persistent Cascaded Inaugura tow hiccup", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["rows 396 Linguists 568 tower Errors", "rows purchase e.g. dia", "0.2", "0.16666666666666666", "0.1818181818181818", "0.0", "0.0", "0.0", "0.2", "0.16666666666666666", "0.1818181818181818", "0.1212121212121212"],
  ["penalty glob", " xy", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["pointer vamos \u2014 comment Tearlessness kenyans pedersen lil \u2014 george assumption ! 19 !", "pointer ! assumption 19 comment pedersen ", "1.0", "0.5", "0.6666666666666666", "0.25", "0.1111111111111111", "0.15384615384615383", "0.6", "0.3", "0.4", "0.4068376068376069"],
  ["oh overgedaan reentrancy axis", "oh reentrancy overgedaan ", "1.0", "0.75", "0.8571428571428571", "0.0", "0.0", "0.0", "0.6666666666666666", "0.5", "0.5714285714285715", "0.4761904761904762"],
  ["incorporar into ere probabilistic e.g. Queries declining Massas Rica porque", "Queries into incorporar e.g. probabilistic Massas declining porque ere , 691 \u2014", "0.9090909090909091", "0.9090909090909091", "0.9090909090909091", "0.1", "0.1", "0.10000000000000002", "0.45454545454545453", "0.45454545454545453", "0.45454545454545453", "0.48787878787878786"],
  ["packt inference 858 complextype Premises kneser", "kneser ", "1.0", "0.16666666666666666", "0.2857142857142857", "0.0", "0.0", "0.0", "1.0", "0.16666666666666666", "0.2857142857142857", "0.19047619047619047"],
  ["Performed vncls 627 861 discussion sinai tokenizations Cheguei txt 321 it's , Cast less", "facilitate lcs", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Mccune mountainous je viterbi lysander uppercase Sensat crawler (x) had mr", "je lysander mr had Sensat importorskip maintains Namely e.g.", "0.5", "0.45454545454545453", "0.47619047619047616", "0.0", "0.0", "0.0", "0.3", "0.2727272727272727", "0.28571428571428564", "0.25396825396825395"],
  ["Conversely clubs it's Aos Sat Fli - e.g. Towards viterbiparser ss tpls 300", "Splitrule Redup confused Rather compile pairs 425 Wider sir", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Decoding amounts elzius", "nr .", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["766 gis \u00e9", "Backwards Por e.g. detokenizer sahadutha naivebayesclassifier once gb pattern Abs entre url rtepairs", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Preflabel affect Tried remy fixt bs Realistic Turner", "Committee riedel 561 Hardy sort Copyright brainy hobbies Sq Compile assim Complete", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["matilde", "Vehicle ? telephone slot Islice refer 935 irlandesa classification ! Featureincrementalchartparser Git cathstaincliffe lucid", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["organism Structure incorporating", "\u00e9 corpusreader Allon - - virtualenvs interpret comes review", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Wsd , 211 Died 377 denoting references margaret Tweets", "ftp tlp serena", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Mistaken Similarly 21 Nonterminals e.g. socrates - Plot", "Similarly - Mistaken Plot e.g. Nonterminals fundamental Probability", "0.75", "0.75", "0.75", "0.14285714285714285", "0.14285714285714285", "0.14285714285714285", "0.375", "0.375", "0.375", "0.4226190476190476"],
  ["\u00e9 variables should suggestions sombre 795 Kinds", "marm b . Jh typeerror", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["metric del sing dive", "del metric material", "0.6666666666666666", "0.5", "0.5714285714285715", "0.0", "0.0", "0.0", "0.3333333333333333", "0.25", "0.28571428571428575", "0.28571428571428575"],
  [", acudir phrases 468", "84 kuchen concise locals population Provable 707 524", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["", "", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Gmt sorry todos 375 Tostring client self solution End bins Argm treebank 351 Fs", "", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Probability Covers breathe unlimp elected basque Poss efeito flinch Bnc e.g. 53 \u2014 stem", "\u2014 basque breathe Probability Covers flinch 53 \u2014 , And", "0.8571428571428571", "0.42857142857142855", "0.5714285714285714", "0.16666666666666666", "0.07692307692307693", "0.10526315789473684", "0.5714285714285714", "0.2857142857142857", "0.38095238095238093", "0.3525480367585631"],
  ["sent 343 Encoded Orchestra illegal Simple Ncomo 217 clever", "Ncomo 343 Simple sent Orchestra clever Encoded illegal candidate", "0.8888888888888888", "0.8888888888888888", "0.8888888888888888", "0.0", "0.0", "0.0", "0.3333333333333333", "0.3333333333333333", "0.3333333333333333", "0.4074074074074074"],
  ["handles blob", "Certainly ultimately", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["forget forward skardal decisions particip 396", "forward decisions 396 skardal sklearn Expects Please Project", "0.5", "0.6666666666666666", "0.5714285714285715", "0.0", "0.0", "0.0", "0.375", "0.5", "0.42857142857142855", "0.3333333333333333"],
  ["Static pobj text dive findall truth Mdit yolanda Moeder minha combined Component Hear 641", "essa ! distinguish about whatwasthat propbanktreepointer remove annotation Macecommand (x)", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["truncation forth semi fo selrestr Deepest files 219 bomb clear cachorra (x) xcomp", "files bomb semi fo 219 cachorra (x) selrestr clear Deepest e.g. hypo character", "0.7142857142857143", "0.7692307692307693", "0.7407407407407408", "0.15384615384615385", "0.16666666666666666", "0.16", "0.35714285714285715", "0.38461538461538464", "0.3703703703703704", "0.42370370370370375"],
  ["Picture 744 utilize maxdepth reordered derive most nenhuma ?", "Mich", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["defend , ! Chit", "Chit defend ! , ", "1.0", "1.0", "1.0", "0.0", "0.0", "0.0", "0.5", "0.5", "0.5", "0.5"],
  ["Pmi Testdir 993 cr", "993 Testdir ", "1.0", "0.5", "0.6666666666666666", "0.0", "0.0", "0.0", "0.5", "0.25", "0.3333333333333333", "0.3333333333333333"],
  ["vb Suffix classification Toolkits", "Toolkits Suffix vb jakarta einen rtepair", "0.5", "0.75", "0.6", "0.0", "0.0", "0.0", "0.16666666666666666", "0.25", "0.2", "0.26666666666666666"],
  ["Changed", " ", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["e.g. you samples viterbi whquestion \u2014 Mesg", "Mesg viterbi whquestion you ", "1.0", "0.5714285714285714", "0.7272727272727273", "0.3333333333333333", "0.16666666666666666", "0.2222222222222222", "0.5", "0.2857142857142857", "0.36363636363636365", "0.4377104377104377"],
  ["Contos fish Members", "russian hunde evaluating diverse continuer implementations bool . Exiting Touch ahc ,", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Fazer integers - pretty described treebank 412 Siria 762 317 Individual", "Individual 317 ", "1.0", "0.2", "0.33333333333333337", "0.0", "0.0", "0.0", "0.5", "0.1", "0.16666666666666669", "0.16666666666666666"],
  ["as three Jjt frazee culo Adjectives 909 319 feebleminded min Considered Fstructure Swat", "Fee texts Variables 950 297 ! 628 dependencygraph", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["", " nor anywhere become streamlined", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["gambling dexpr pyupgrade e.g. porter", "interjection components korobov 411 ! bufferedgzipfile unseen", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["crim min ? Mesg", "beginning Organismos \u00e9 estimated api \u00e9 ditas mwetokenizer expandleftrule", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["\u00e9 it's Quite Some extramurally tokens exist ? Hearst - 441 gorky", " occupy else Testgrammar complete", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Uniform Est Really Node lapdog Substance categories aspect", "Tone Dicts Larger Wordpunct", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["against Long ow right intj Suzie generate legs rtuple Plaintext", "against Plaintext ow Suzie sime scribble Frente removed", "0.5", "0.4", "0.4444444444444445", "0.0", "0.0", "0.0", "0.375", "0.3", "0.33333333333333326", "0.25925925925925924"],
  ["dom pais 205 inconsistenttypehierarchyexception They Boll steps Node Borboleta Earth terms iterator", "attention", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["or slovak", "slovak scribble", "0.5", "0.5", "0.5", "0.0", "0.0", "0.0", "0.5", "0.5", "0.5", "0.3333333333333333"],
  ["paul \u2014", " ", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["e.g. codebase Espetados minist", "Know ptb 787 Party (x) sliding chef Million aestheticism", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["grito asbestos vg ok ihr \u2014 push Code wir Subjsym selection", "push ihr Subjsym \u2014 Uvupasiva (x) root Howl", "0.42857142857142855", "0.3", "0.3529411764705882", "0.0", "0.0", "0.0", "0.2857142857142857", "0.2", "0.23529411764705882", "0.196078431372549"],
  ["- barcelona Procura 512 . ? Correm", "system", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["describes 737 jiang 79 Towers simplifying switchboard (x) samples repetitive Dealing et Yield", "Dealing jiang describes simplifying samples Towers switchboard 737 79 Yield (x) repetitive et ", "1.0", "1.0", "1.0", "0.0", "0.0", "0.0", "0.46153846153846156", "0.46153846153846156", "0.46153846153846156", "0.4871794871794872"],
  ["617", " typed co Wound detokenizer", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["503 xform taking conditionalexponentialclassifier 519 Clean it's insanomania Reach", "hundreds fix", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Interpreters handle menu abbe featureincrementalchartparser ys territ Which", "stirling Berlin 628", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["", " cnftree Vec security", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Xae unlimp Subsumer Ditas blow inherit flag Typically Review narad", "Sections Than Spent Practice (x) o scalar", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["plugins convert hammer Probably containing instead reason research trailing authority Spaced 109 Esse", "Spaced authority trailing convert reason 109 Esse hammer Probably instead plugins sufficiently Cmn abbb bored", "0.7333333333333333", "0.8461538461538461", "0.7857142857142856", "0.14285714285714285", "0.16666666666666666", "0.15384615384615383", "0.26666666666666666", "0.3076923076923077", "0.28571428571428575", "0.40842490842490836"],
  ["Kuchen ! it's reldicts insidechartparser", "ayer y ?", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["demonstration Salmela circunspecta instructions not it's Neutral eval", "gust 271 production 710 supercon saharan", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Rdb elevator blico maxwidth variance extract 677 students webtex Favourite", "alignments weka Cable uvupasiva Confusionmatrix rendering hund 991 pn", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["378 ! indeed walks webtext abomination typeerror", " ", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Categories sim display featurechart Sent Ptrees", "featurechart Sent Categories display Ptrees Inconsistencies Resulted", "0.7142857142857143", "0.8333333333333334", "0.7692307692307692", "0.16666666666666666", "0.2", "0.1818181818181818", "0.42857142857142855", "0.5", "0.4615384615384615", "0.47086247086247085"],
  ["style", "\u00e9 wu 934", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["wider country topics message Deposit increase impossible multiword oro it's segmenter romanian it's alternatively", "wider alternatively Deposit increase it's 700 \u00e9 284", "0.75", "0.375", "0.5", "0.2857142857142857", "0.13333333333333333", "0.18181818181818182", "0.625", "0.3125", "0.4166666666666667", "0.3661616161616162"],
  ["beta divisas assim test sphinx", "beta test divisas sphinx assim suppose", "0.8333333333333334", "1.0", "0.9090909090909091", "0.0", "0.0", "0.0", "0.5", "0.6", "0.5454545454545454", "0.48484848484848486"],
  ["", "gotchas Stands 623 dump cleanups Dicts 662 boundaries Spec", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["collections sites casa dictionaries synrestrs dependent 531 Combinatory allen spank", "prints 93 hv although", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Portions \u00e9 , - machado Py meet 843 gl Dizendo", "Also secret Attrib 339 inconsistency chased", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["ran", " Jason", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["distributes chain bounded binding correspond", "Negated tsents inquire cfd \u00e9 grito", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["", "race Stock parte Egg", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["fa . ! jct Struct", "! fog incorporates execution", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Seekable pluralised lookuperror perform backoff universalism 920 criteria heaven", "featuresets reflected Evoked improve", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["188", " Categorized reflects perfect", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["hard Bugfix . times amazing certainly slip paul Ou", "Bugfix slip . germantestsuites 344 Regex", "0.4", "0.25", "0.3076923076923077", "0.0", "0.0", "0.0", "0.4", "0.25", "0.3076923076923077", "0.20512820512820515"],
  ["extensive Carro greece continuer fromlist lowercase visible Shows Kiss Variable filling rp", "filling Shows extensive Carro e.g.", "0.6666666666666666", "0.3333333333333333", "0.4444444444444444", "0.2", "0.09090909090909091", "0.12500000000000003", "0.3333333333333333", "0.16666666666666666", "0.2222222222222222", "0.2638888888888889"],
  [", (x) 449 whales tns Sites royalties Este Pa italian extensive talkbank e.g.", "whales Este , Tamb wraps", "0.5", "0.15384615384615385", "0.23529411764705882", "0.0", "0.0", "0.0", "0.5", "0.15384615384615385", "0.23529411764705882", "0.1568627450980392"],
  ["e.g. drtparser edition classif 926 adjourns featureincrementalbottomupleftcornerchartparser", "761 augmented", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["com kelab resolution sombra Rrc invert appeal 593 upenn 884 Differences 763", "Differences sombra com appeal Rrc 593 kelab 884 resolution upenn 763 322 Deepcopy egeus Calibratable", "0.7333333333333333", "0.9166666666666666", "0.8148148148148148", "0.0", "0.0", "0.0", "0.3333333333333333", "0.4166666666666667", "0.3703703703703704", "0.3950617283950617"],
  ["nonprojectivedependencyparser Abk docno", "", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["prettyprinter redos Constructed float closure (x) domesticated , nenhuma", "scikit filtering xedna a parallel psoe Wav Katzen Smell Repo", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["railway quantifier journal background dti ? seu night gra implemented lemmas e.g. ncfort e.g.", "journal railway ? quantifier implemented e.g. seu gra lemmas ncfort e.g. makes 253 313", "0.8", "0.8", "0.8000000000000002", "0.2857142857142857", "0.2857142857142857", "0.2857142857142857", "0.5333333333333333", "0.5333333333333333", "0.5333333333333333", "0.5396825396825397"],
  ["exercises constrain response quincas 728 426 Compat Tamb elvish planeamento treepos inequality Lesk interpreter", "elvish Compat treepos constrain exercises quincas response 728 interpreter planeamento Lesk 426 Tamb phoneme avoid Powershot", "0.8125", "0.9285714285714286", "0.8666666666666666", "0.0", "0.0", "0.0", "0.3125", "0.35714285714285715", "0.3333333333333333", "0.39999999999999997"],
  ["\u00e9 pers", "\u00e9 ?", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Typed sobre members tempdir princeton internally", "lvdmaaten pcl", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["year shortcuts techniques (x) Known scored linguistic thing", "thing year ", "1.0", "0.25", "0.4", "0.0", "0.0", "0.0", "0.5", "0.125", "0.2", "0.20000000000000004"],
  ["tagging Unsuccessfully screen 924 Algarve prehistoric", "tagging 813 Phrase Again", "0.25", "0.16666666666666666", "0.2", "0.0", "0.0", "0.0", "0.25", "0.16666666666666666", "0.2", "0.13333333333333333"],
  ["125 checker 81 flinch query howl Query issue", "125 checker 81 Installing references 455", "0.5", "0.375", "0.42857142857142855", "0.4", "0.2857142857142857", "0.3333333333333333", "0.5", "0.375", "0.42857142857142855", "0.3968253968253968"],
  ["", " keys Grail 631 Spaced", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Teaching down", "down ", "1.0", "0.5", "0.6666666666666666", "0.0", "0.0", "0.0", "1.0", "0.5", "0.6666666666666666", "0.4444444444444444"],
  ["backlinks up Rbr Sexpr readability", "it's Spent Proving itemgetter pay michael ditas", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["indexerror - depgraph zipfile kivy Goodeater", "Made answer", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Hundreds supremo \u00e9 ? texttiling . intersections (x) discusses Nist Illustrated fd", "supremo fd ? Hundreds intersections Nist Illustrated . texttiling \u00e9 compatible 381", "0.7777777777777778", "0.7777777777777778", "0.7777777777777778", "0.125", "0.125", "0.125", "0.4444444444444444", "0.4444444444444444", "0.4444444444444444", "0.4490740740740741"],
  ["graeme live witten", "witten graeme live 423 instead crisis ?", "0.5", "1.0", "0.6666666666666666", "0.2", "0.5", "0.28571428571428575", "0.3333333333333333", "0.6666666666666666", "0.4444444444444444", "0.4656084656084656"],
  ["moeder premises ? Recognize resolved banners 855 \u2014 enorme sentnum brincar symbols turismo Gorky", "moeder \u2014 Gorky 855 turismo brincar ? enorme symbols banners g", "0.8888888888888888", "0.6666666666666666", "0.761904761904762", "0.0", "0.0", "0.0", "0.4444444444444444", "0.3333333333333333", "0.380952380952381", "0.380952380952381"],
  ["to macintosh Eggs Testgrammar bigramcollocationfinder 384 Abnormalities pruning charming gets people", "Eggs Testgrammar gets Abnormalities 384 macintosh bigramcollocationfinder Democrats cartaz themselves incrementalbottomupleftcornerchartparser", "0.6363636363636364", "0.6363636363636364", "0.6363636363636364", "0.1", "0.1", "0.10000000000000002", "0.2727272727272727", "0.2727272727272727", "0.2727272727272727", "0.33636363636363636"],
  ["rank Has 287 prefixes rename", "", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["722 71 823 life \u00e9 Quadgramassocmeasures ringers", "722 \u00e9 Quadgramassocmeasures Focus For", "0.5", "0.3333333333333333", "0.4", "0.0", "0.0", "0.0", "0.5", "0.3333333333333333", "0.4", "0.26666666666666666"],
  ["", " chuck suspicion attention midsummer", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["", " 435 831 Have discarding", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["- detectors Geography evaluate", "incompatible local 193", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["it's pnames denver Discontinuous contents ao", "denver contents it's Discontinuous pnames ao ", "1.0", "1.0", "1.0", "0.16666666666666666", "0.16666666666666666", "0.16666666666666666", "0.5714285714285714", "0.5714285714285714", "0.5714285714285714", "0.5793650793650794"],
  ["977 unable serugue 522 levantou vb", "? ! e.g. synset Commutative extract featstructreader enjoyed", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["fortaleci 607", "607 ", "1.0", "0.5", "0.6666666666666666", "0.0", "0.0", "0.0", "1.0", "0.5", "0.6666666666666666", "0.4444444444444444"],
  ["Facilitate it's 566 . 998", " \u00e9 Accelerate", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["featurevalueset Died shine Round subsumer Edges \u2014", "subsumer Aamir monstrous", "0.3333333333333333", "0.16666666666666666", "0.2222222222222222", "0.0", "0.0", "0.0", "0.3333333333333333", "0.16666666666666666", "0.2222222222222222", "0.14814814814814814"],
  ["mar fable abdicate purposes french", "customfeaturevalue opinion papers reserve lin", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["unifies Broil six Resolutionprover despite aujourd \u00e9 sr exemplo 805 sx", "passes 927 124 paragraphs Snyder showing Devaneios winkelen 107 kardinaal Deu usw Examines 75", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Constantexpression 413 bundles algarve 664 trivial Humor", "413 664 Constantexpression Humor bundles trivial planeamento clause Olhar", "0.6666666666666666", "0.8571428571428571", "0.75", "0.0", "0.0", "0.0", "0.3333333333333333", "0.42857142857142855", "0.375", "0.375"],
  ["Detects 467 455 Exist Lot internal indeterminate site lambdalogic Acyclic longid skillet charming", "bcc 19 Calif foreign Cramp Transcriptions Now Pop", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["cf coords jjt prover Dumps Questions Individual Tip ? 109 Manipulating feats", "uvu Rewards framerelations sort", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["punctuation visualize ! unified occur emulate ! , refer Stores contiguous conditionalexponentialclassifier 594 members", "visualize ! emulate 594 members it's Def \u00e9", "0.5714285714285714", "0.36363636363636365", "0.4444444444444444", "0.16666666666666666", "0.1", "0.125", "0.5714285714285714", "0.36363636363636365", "0.4444444444444444", "0.33796296296296297"],
  ["32 , Africa cosine connected clear annotated", ", 32 debone inheritance stretch Quer", "0.2", "0.16666666666666666", "0.1818181818181818", "0.0", "0.0", "0.0", "0.2", "0.16666666666666666", "0.1818181818181818", "0.1212121212121212"],
  ["jakobsen nonequal formats", "formats ", "1.0", "0.3333333333333333", "0.5", "0.0", "0.0", "0.0", "1.0", "0.3333333333333333", "0.5", "0.3333333333333333"],
  ["senate Ght bakes e.g. ac \u00e9 Updated anaphoraresolutionexception pyfound berlin hole Comes", "bakes Updated berlin hole ac pyfound \u00e9 senate Comes anaphoraresolutionexception ", "1.0", "0.75", "0.8571428571428571", "0.125", "0.09090909090909091", "0.10526315789473685", "0.5555555555555556", "0.4166666666666667", "0.4761904761904762", "0.4795321637426901"],
  ["adverb virtualenv adams dois printunused into ! Omit 394 bypassing Substitutionruleset", "Xe", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Collin facilitate 438 \u00e9 repo", "! Describing Identifying 729 acontecendo", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["tweaking jean . aardvark 346 eq ivan generous scikit kneel directly examine xy", " critical", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["96 rslp 435 223 recognition patient", "96 223 patient rslp Purchased suspicion cookbook", "0.5714285714285714", "0.6666666666666666", "0.6153846153846153", "0.0", "0.0", "0.0", "0.42857142857142855", "0.5", "0.4615384615384615", "0.358974358974359"],
  ["complain stemming -", "ell Three combine Geography Outros Identical entailment structured , wordnet astounding Discard", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Plain 797 goals sign propbankinflection Logicalexpressionexception ch 751", "Logicalexpressionexception 797 751 sign propbankinflection abbot applyto legal xac", "0.5555555555555556", "0.625", "0.5882352941176471", "0.125", "0.14285714285714285", "0.13333333333333333", "0.3333333333333333", "0.375", "0.35294117647058826", "0.3581699346405229"],
  ["Tupela 406 Acting Specific wondered find cache Care decisions ! superfluous attachment imposes", "participants Jsonserializable Accurate Ignore extension sim interrogate economist", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Sorts", "shows Desapareceram 979", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["customizable sw aalii battle 967 636 human du researcher wherever discover Stores Projectos \u2014", "sw aalii discover wherever 967 Projectos battle du \u2014 636 Stores customizable ia named", "0.8461538461538461", "0.8461538461538461", "0.8461538461538461", "0.08333333333333333", "0.08333333333333333", "0.08333333333333333", "0.38461538461538464", "0.38461538461538464", "0.38461538461538464", "0.43803418803418803"],
  ["ibm", "diamante \u2014 admit 420 Ridden Amigos", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Rb Da plus 249 alumiar \u2014 initially graeme under Pit imposed", "glob production raise Life Per various ministro milh - while striprule", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["172 vs descriptions ? Ministro", " \u00e9", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Quote Timit earleychart Sagae Update images diamante ial dia", "ial diamante ", "1.0", "0.2222222222222222", "0.3636363636363636", "0.0", "0.0", "0.0", "0.5", "0.1111111111111111", "0.1818181818181818", "0.1818181818181818"],
  ["nine Classifiers been e.g. Ini ,", "been Classifiers Ini e.g. , nine collected", "0.8571428571428571", "1.0", "0.923076923076923", "0.16666666666666666", "0.2", "0.1818181818181818", "0.42857142857142855", "0.5", "0.4615384615384615", "0.5221445221445221"],
  ["Subject strip . gaan 306 ity infrequent", "306 Subject gaan strip ity expires contributed shouldn", "0.625", "0.8333333333333334", "0.7142857142857143", "0.0", "0.0", "0.0", "0.375", "0.5", "0.42857142857142855", "0.38095238095238093"],
  ["ridzuan \u2014 punktsentencetokenizer Allen ideological implies", "ideological \u2014 Allen Os", "0.6666666666666666", "0.4", "0.5", "0.0", "0.0", "0.0", "0.3333333333333333", "0.2", "0.25", "0.25"],
  ["you noun", " Upper charles ?", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["generation increase 868 pesco soi folder seria 663 Nkjp decoding redesigned cree thailand it's", "587 B eliminate journalistic Sorted itj arrest 945 juntar dexpr", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["mushrooms multiword 877", "multiword 877 \u00e9 picasso manually components", "0.4", "0.6666666666666666", "0.5", "0.25", "0.5", "0.3333333333333333", "0.4", "0.6666666666666666", "0.5", "0.4444444444444444"],
  ["\u2014 Lfg", " 456", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["inquire attrib bubble Topics phoneme 34", "attrib fish stating pencils bengali", "0.2", "0.16666666666666666", "0.1818181818181818", "0.0", "0.0", "0.0", "0.2", "0.16666666666666666", "0.1818181818181818", "0.1212121212121212"],
  ["Mptree geography , - 435 peas discontinuous Video love 906 atomic ribes Milestone inaugural", "agr Hit .", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
  ["Describing lavrar flag https iterators", "flag Describing jjr", "0.6666666666666666", "0.4", "0.5", "0.0", "0.0", "0.0", "0.3333333333333333", "0.2", "0.25", "0.25"]
];

test('rougeScores and rougeMeanF match rouge_score bit-for-bit on every Python-derived pair', () => {
  assert.ok(ROWS.length >= 200);
  for (const [target, prediction, ...v] of ROWS) {
    const s = rougeScores(target!, prediction!);
    const ours = [s.rouge1, s.rouge2, s.rougeL].flatMap((x) => [x.precision, x.recall, x.fmeasure]);
    assert.deepEqual(ours, v.slice(0, 9).map(py), `${JSON.stringify(target)} / ${JSON.stringify(prediction)}`);
    assert.equal(rougeMeanF(target!, prediction!), py(v[9]!), `mean for ${JSON.stringify(target)} / ${JSON.stringify(prediction)}`);
  }
});

test('rougeTokenize: lower-case, [a-z0-9] runs only, Porter stemming for tokens longer than 3', () => {
  // 'cats' (4 letters) is stemmed, 'cat' (3) is not; 'running' -> 'run', 'ran' too short to touch.
  assert.deepEqual(rougeTokenize('The cats ran, running!'), ['the', 'cat', 'ran', 'run']);
  // Non-ASCII letters separate tokens ('café' -> 'caf'), digits are kept, and 'İ'.lower() = 'i' + U+0307.
  assert.deepEqual(rougeTokenize('Café 42x İstanbul'), ['caf', '42x', 'i', 'stanbul']);
  assert.deepEqual(rougeTokenize('Happiness skies', false), ['happiness', 'skies']);
  assert.deepEqual(rougeTokenize('... —— '), []);
});

test('ROUGE by hand', () => {
  // target 'A cat runs' -> [a, cat, run]; prediction 'The cats are running' -> [the, cat, are, run].
  const t = rougeTokenize('A cat runs');
  const p = rougeTokenize('The cats are running');
  // rouge1: overlap {cat, run} = 2; P = 2/4, R = 2/3, F = 2PR/(P+R) = 4/7.
  assert.deepEqual(rougeN(t, p, 1), { precision: 0.5, recall: 2 / 3, fmeasure: (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3) });
  // rouge2: target bigrams (a cat)(cat run), prediction (the cat)(cat are)(are run): no overlap -> 0.
  assert.deepEqual(rougeN(t, p, 2), { precision: 0, recall: 0, fmeasure: 0 });
  // rougeL: LCS cat, run = 2 -> same numbers as rouge1.
  assert.deepEqual(rougeL(t, p), rougeN(t, p, 1));
  // Mean of the three F-measures: (4/7 + 0 + 4/7) / 3 = 8/21.
  const f1 = (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3);
  assert.equal(rougeMeanF('A cat runs', 'The cats are running'), (f1 + 0 + f1) / 3);
  // n-gram counts are clipped: target [the, the] vs prediction [the, the, the, the]: overlap 2, P = 2/4, R = 1.
  assert.equal(rougeN(['the', 'the'], ['the', 'the', 'the', 'the'], 1).precision, 0.5);
  // An empty side: rougeN divides by max(count, 1) and gets 0, rougeL returns zeros outright.
  assert.deepEqual(rougeN([], ['x'], 1), { precision: 0, recall: 0, fmeasure: 0 });
  assert.deepEqual(rougeL(['x'], []), { precision: 0, recall: 0, fmeasure: 0 });
  assert.equal(fmeasure(0, 0), 0);
});
