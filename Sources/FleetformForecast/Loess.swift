/// Local polynomial regression (Cleveland 1979) of degree 0 or 1 with tricube weights over a
/// window of the `window` nearest points, as the `stless`/`stlest` routines of the original
/// STL Fortran code compute it (values at positions 0, 1, …, n−1).
struct Loess: Sendable {
    var window: Int
    var degree: Int

    /// The smoothed value at every position.
    func smooth(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 0 else { return [] }
        if n < 2 { return values }
        var result = [Double](repeating: 0, count: n)
        let half = (window + 1) / 2
        for index in 0..<n {
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
            result[index] = estimate(values, at: Double(index), left: left, right: right)
        }
        return result
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
        var h = max(x - Double(lo), Double(hi) - x)
        if window > n { h += Double((window - n) / 2) }
        let upper = 0.999 * h, lower = 0.001 * h
        var weights = [Double](repeating: 0, count: hi - lo + 1)
        var total = 0.0
        for j in lo...hi {
            let distance = abs(Double(j) - x)
            var weight = 0.0
            if distance <= upper {
                if distance <= lower || h <= 0 {
                    weight = 1
                } else {
                    let r = distance / h
                    let c = 1 - r * r * r
                    weight = c * c * c
                }
            }
            weights[j - lo] = weight
            total += weight
        }
        guard total > 0 else { return values[min(max(Int(x.rounded()), 0), n - 1)] }
        for index in weights.indices { weights[index] /= total }
        if degree > 0 && h > 0 {
            var a = 0.0
            for j in lo...hi { a += weights[j - lo] * Double(j) }
            var b = 0.0
            for j in lo...hi { b += weights[j - lo] * (Double(j) - a) * (Double(j) - a) }
            let range = Double(n - 1)
            if b.squareRoot() > 0.001 * range {
                let slope = (x - a) / b
                for j in lo...hi { weights[j - lo] *= slope * (Double(j) - a) + 1 }
            }
        }
        var result = 0.0
        for j in lo...hi { result += weights[j - lo] * values[j] }
        return result
    }
}
