// Package normalize owns text repair and the reading of numbers, units and
// dates in Chinese government notices.
//
// Decode turns raw bytes in any of the charsets these notices come in
// (UTF-8, UTF-16, GB18030 and its GBK/GB2312 subsets, Big5) into UTF-8.
// Repair turns damaged text into clean simplified Chinese without moving
// lines: it strips pinyin glued after characters, marks characters lost
// behind a "?", converts traditional documents to simplified, folds
// doubled punctuation, fullwidth digits and PDF spaces inside numbers, and
// reverses classic mojibake. TextFlags reports damage left in a cell.
//
// Quantities, ParseNumber and CanonicalUnit read numeric targets
// ("7500个以上", "约1.5万人", "3至5家", "百分之九十"); Numbers reads every
// number a text holds, in any of the forms Chinese writes them ("四万五千六百
// 二十二", "十余万", "千分之二", "50元6角三分", "大于二十、小于等于三十五").
// Dates and ResolveDate read deadlines and as-of dates ("11月底前",
// "第四季度", "截至4月10日") the way the extractor needs; ReadDates reads
// every date form ("15年3月2日", "本月", "1-11月", "春节前") and takes the
// year from the publish date when the text names none.
package normalize
