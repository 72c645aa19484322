package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPercentile(t *testing.T) {
	tests := []struct {
		v    []float64
		p    float64
		want float64
	}{
		{[]float64{3, 1, 2}, 50, 2},
		{[]float64{1, 2, 3, 4}, 50, 2.5},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9.1},
		{[]float64{5}, 99, 5},
		{[]float64{1, 100}, 99, 99.01},
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.want, percentile(tt.v, tt.p), 1e-9, "%v p%v", tt.v, tt.p)
	}
	assert.True(t, math.IsNaN(percentile(nil, 50)))
}

func TestPercentileDoesNotReorder(t *testing.T) {
	v := []float64{3, 1, 2}
	percentile(v, 50)
	assert.Equal(t, []float64{3, 1, 2}, v)
}

func TestMeanMedian(t *testing.T) {
	assert.Equal(t, 2.0, mean([]float64{1, 2, 3}))
	assert.Equal(t, 0.5, median([]float64{0.03, 1.03, 0.5}))
	assert.True(t, math.IsNaN(mean(nil)))
}

func TestLinearFit(t *testing.T) {
	a, b, r2 := linearFit([]float64{1000, 2500, 5000}, []float64{13000, 20500, 33000})
	assert.InDelta(t, 8000, a, 1e-6)
	assert.InDelta(t, 5, b, 1e-9)
	assert.InDelta(t, 1, r2, 1e-12)

	_, _, r2 = linearFit([]float64{1, 2, 3}, []float64{1, 4, 9})
	assert.Less(t, r2, 1.0)

	a, _, _ = linearFit([]float64{1}, []float64{1})
	assert.True(t, math.IsNaN(a))
	a, _, _ = linearFit([]float64{2, 2}, []float64{1, 3})
	assert.True(t, math.IsNaN(a))
}
