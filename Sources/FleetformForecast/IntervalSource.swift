/// Where prediction intervals come from.
public enum IntervalSource: String, Sendable, CaseIterable {
    /// Whichever of the two below covered the rolling-origin folds closer to the nominal level
    /// (the conformal ones scored leaving each origin out); the cross-validation errors when the
    /// model has no forecast distribution of its own. The forecast says which was used.
    case automatic = "auto"
    /// The model's own forecast distribution where it has one (naive, seasonal naive, ETS with
    /// an additive season or none, MSTL through its ETS model), else the cross-validation errors.
    case model
    /// Always the cross-validation errors: at each hour ahead, the level's quantile of the
    /// absolute errors the same model made from rolling origins over the last part of the
    /// history (empirical, "conformal" intervals). They assume nothing about the error
    /// distribution, but need enough history for the folds.
    case crossValidation = "cross-validation"
}
