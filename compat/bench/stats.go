package main

import (
	"math"
	"sort"
)

// median returns the median of v (NaN if empty).
func median(v []float64) float64 { return percentile(v, 50) }

// mean returns the arithmetic mean of v (NaN if empty).
func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// percentile returns the p-th percentile of v with linear interpolation
// between closest ranks (the definition Python's harness uses). NaN if empty.
func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	k := float64(len(s)-1) * p / 100
	lo := int(k)
	hi := min(lo+1, len(s)-1)
	return s[lo] + (s[hi]-s[lo])*(k-float64(lo))
}

// linearFit returns the least-squares line y = a + b·x through the points
// and its coefficient of determination r². With fewer than two distinct x
// it returns NaNs.
func linearFit(x, y []float64) (a, b, r2 float64) {
	n := float64(len(x))
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	mx, my := mean(x), mean(y)
	var sxx, sxy, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	if sxx == 0 || n < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	b = sxy / sxx
	a = my - b*mx
	if syy == 0 {
		return a, b, 1
	}
	return a, b, sxy * sxy / (sxx * syy)
}
