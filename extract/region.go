package extract

import (
	"regexp"
	"strings"

	"github.com/minsheng/minsheng/corpus"
)

// sectionGovernment reads the government a section heading names as the
// owner of its list: "上城区政府年度民生实事项目", "桐庐县人民政府2020年民生实事".
var sectionGovernment = regexp.MustCompile(`^\s*(\p{Han}{1,8}?(?:区|县|市|旗))(?:人民)?政府`)

// regionsOf sets each record's region: the document's, or the county-level
// government a section of a city's document lists targets for. A name the
// gazetteer lacks (a district since merged, 下城区) is taken as printed when
// it stands under the document's city.
func regionsOf(recs []corpus.Record, doc corpus.Region) {
	bySection := map[string]*corpus.Region{}
	for i := range recs {
		r := &recs[i]
		region := &doc
		if r.Section != nil {
			sec := *r.Section
			reg, seen := bySection[sec]
			if !seen {
				reg = sectionRegion(sec, doc)
				bySection[sec] = reg
			}
			if reg != nil {
				region = reg
			}
		}
		cp := *region
		r.Region = &cp
	}
}

// sectionRegion is the region a section names, or nil when it names none
// below the document's own.
func sectionRegion(section string, doc corpus.Region) *corpus.Region {
	if doc.City == nil || doc.County != nil {
		return nil
	}
	m := sectionGovernment.FindStringSubmatch(section)
	if m == nil || m[1] == *doc.City {
		return nil
	}
	name := m[1]
	g := gazetteer()
	for _, id := range g.full[name] {
		p := g.places[id]
		if p.county != "" && p.city == *doc.City {
			return &corpus.Region{Province: doc.Province, City: doc.City, County: corpus.Ptr(p.county)}
		}
	}
	if _, known := g.full[name]; known {
		return nil // a place, but not one of this city's
	}
	rs := []rune(name)
	if rs[len(rs)-1] == '市' || len(rs) < 3 || strings.ContainsRune("各全本该我市县区镇", rs[0]) {
		// a city the gazetteer does not know is no district of this one,
		// and 各区县, 全区 or 本县 name no government
		return nil
	}
	return &corpus.Region{Province: doc.Province, City: doc.City, County: corpus.Ptr(name)}
}
