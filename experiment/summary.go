package experiment

import (
	"math"
	"slices"
)

// Stat is the median and the range of one metric over a point's seeds.
type Stat struct {
	Median, Min, Max float64
}

// Summarise returns the median (the mean of the two middle values for an
// even count), the minimum and the maximum of vs; NaN for all three when vs
// is empty.
func Summarise(vs []float64) Stat {
	if len(vs) == 0 {
		nan := math.NaN()
		return Stat{nan, nan, nan}
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return Stat{Median: med, Min: s[0], Max: s[n-1]}
}
