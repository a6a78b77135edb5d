/// Local polynomial regression (Cleveland 1979) of degree 0 or 1 with tricube weights over a
/// window of the `window` nearest points, as the `stless`/`stlest` routines of the original
/// STL Fortran code compute it (values at positions 0, 1, …, n−1).
///
/// `jump` is `stless`'s: the fit is evaluated at every `jump`-th position (and the last) and
/// linearly interpolated between them, as R's `stl` does by default (`ceiling(window / 10)`),
/// which makes a long window cost about `n·window/jump` instead of `n·window`.
struct Loess: Sendable {
    var window: Int
    var degree: Int
    var jump = 1

    /// The jump R's `stl` uses for a window by default: `⌈window / 10⌉`.
    static func defaultJump(window: Int) -> Int { max(1, (window + 9) / 10) }

    /// The smoothed value at every position.
    func smooth(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 0 else { return [] }
        if n < 2 { return values }
        var result = [Double](repeating: 0, count: n)
        let step = max(1, min(jump, n - 1))
        let half = (window + 1) / 2
        // Inside the series a window's weights are the same at every point; with an odd window
        // they are symmetric, so the degree-1 tilt vanishes too: a fixed kernel, worked out once.
        let kernel = window < n && (degree == 0 || window % 2 == 1) ? interiorKernel() : nil
        values.withUnsafeBufferPointer { buffer in
            var index = 0
            var previous = -1
            while true {
                let left: Int, right: Int
                if window >= n {
                    left = 0; right = n - 1
                } else if index < half {
                    left = 0; right = window - 1
                } else if index >= n - half {
                    left = n - window; right = n - 1
                } else {
                    left = index - half + 1; right = index - half + window
                }
                if let kernel, index >= half && index < n - half {
                    var sum = 0.0
                    for offset in 0..<window { sum += kernel[offset] * buffer[left + offset] }
                    result[index] = sum
                } else {
                    result[index] = estimate(buffer, at: Double(index), left: left, right: right)
                }
                if previous >= 0 && index - previous > 1 {
                    let a = result[previous], b = result[index]
                    let span = Double(index - previous)
                    for t in (previous + 1)..<index { result[t] = a + (b - a) * Double(t - previous) / span }
                }
                if index == n - 1 { break }
                previous = index
                index = min(index + step, n - 1)
            }
        }
        return result
    }

    /// The normalised weights of a window lying inside the series, left to right (the point
    /// fitted is the `(window + 1)/2`-th).
    func interiorKernel() -> [Double] {
        let half = (window + 1) / 2
        let h = Double(max(half - 1, window - half))
        let upper = 0.999 * h, lower = 0.001 * h
        var weights = (0..<window).map { offset -> Double in
            let distance = abs(Double(offset - (half - 1)))
            guard distance <= upper else { return 0 }
            guard distance > lower && h > 0 else { return 1 }
            let c = 1 - (distance / h) * (distance / h) * (distance / h)
            return c * c * c
        }
        let total = weights.reduce(0, +)
        for index in weights.indices { weights[index] /= total }
        return weights
    }

    /// The fit at `x` from the points in `left...right` as linear weights on them (the fit is
    /// `Σ weights[i]·values[left + i]`): what ``estimate(_:at:left:right:)`` computes, for a
    /// smoother applied to many series of the same length (STL's cycle-subseries).
    func linearWeights(count n: Int, at x: Double, left lo: Int, right hi: Int) -> [Double] {
        var h = max(x - Double(lo), Double(hi) - x)
        if window > n { h += Double((window - n) / 2) }
        let upper = 0.999 * h, lower = 0.001 * h
        var weights = (lo...hi).map { j -> Double in
            let distance = abs(Double(j) - x)
            guard distance <= upper else { return 0 }
            guard distance > lower && h > 0 else { return 1 }
            let r = distance / h
            let c = 1 - r * r * r
            return c * c * c
        }
        let total = weights.reduce(0, +)
        guard total > 0 else {
            let nearest = min(max(Int(x.rounded()), 0), n - 1)
            return (lo...hi).map { $0 == nearest ? 1 : 0 }
        }
        for index in weights.indices { weights[index] /= total }
        guard degree > 0 && h > 0 else { return weights }
        var a = 0.0
        for (index, weight) in weights.enumerated() { a += weight * Double(lo + index) }
        var b = 0.0
        for (index, weight) in weights.enumerated() {
            b += weight * (Double(lo + index) - a) * (Double(lo + index) - a)
        }
        guard b > 0, b.squareRoot() > 0.001 * Double(n - 1) else { return weights }
        let tilt = (x - a) / b
        for index in weights.indices { weights[index] *= tilt * (Double(lo + index) - a) + 1 }
        return weights
    }

    /// The local fit at `x` using the points in `left...right` (default: the centred window).
    func estimate(_ values: [Double], at x: Double, left: Int? = nil, right: Int? = nil) -> Double {
        let n = values.count
        let lo: Int, hi: Int
        if let left, let right {
            lo = left; hi = right
        } else if window >= n {
            lo = 0; hi = n - 1
        } else {
            let half = (window + 1) / 2
            let index = Int(x)
            if index < half {
                lo = 0; hi = window - 1
            } else if index >= n - half {
                lo = n - window; hi = n - 1
            } else {
                lo = index - half + 1; hi = index - half + window
            }
        }
        return values.withUnsafeBufferPointer { estimate($0, at: x, left: lo, right: hi) }
    }

    /// `stlest`: tricube weights over `left...right` with bandwidth the larger distance to an
    /// end (widened when the window exceeds the series), and for degree 1 the weights tilted by
    /// the weighted least-squares line. Computed from weighted moments in one pass, no allocation.
    func estimate(_ values: UnsafeBufferPointer<Double>, at x: Double, left lo: Int, right hi: Int) -> Double {
        let n = values.count
        var h = max(x - Double(lo), Double(hi) - x)
        if window > n { h += Double((window - n) / 2) }
        let upper = 0.999 * h, lower = 0.001 * h
        // Moments of the weights about x: Σw, Σw·d, Σw·d², Σw·y, Σw·d·y with d = j − x.
        var sw = 0.0, swd = 0.0, swdd = 0.0, swy = 0.0, swdy = 0.0
        for j in lo...hi {
            let d = Double(j) - x
            let distance = abs(d)
            guard distance <= upper else { continue }
            var weight = 1.0
            if distance > lower && h > 0 {
                let r = distance / h
                let c = 1 - r * r * r
                weight = c * c * c
            }
            let y = values[j]
            sw += weight
            swd += weight * d
            swdd += weight * d * d
            swy += weight * y
            swdy += weight * d * y
        }
        guard sw > 0 else { return values[min(max(Int(x.rounded()), 0), n - 1)] }
        let mean = swy / sw
        guard degree > 0 && h > 0 else { return mean }
        // Normalised weights w/Σw: a = E[d], b = E[(d − a)²]; the tilt adds (x − a)·cov(d, y)/b
        // with positions measured from x, so x − a = −a.
        let a = swd / sw
        let b = swdd / sw - a * a
        let range = Double(n - 1)
        guard b > 0, b.squareRoot() > 0.001 * range else { return mean }
        let covariance = swdy / sw - a * mean
        return mean - a * covariance / b
    }
}
