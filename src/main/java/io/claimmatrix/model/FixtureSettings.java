package io.claimmatrix.model;

import io.claimmatrix.schema.Fixture;

/**
 * What a run's fixtures are made of: the seed model's Java fixture ({@code --fixture seed|generated},
 * {@code --accounts}, {@code --seed}) and the size other models' {@code fixture.sql} binds to {@code :items}.
 *
 * @param seed  the seed model's accounts
 * @param items {@code :items} for every other model, or {@code null} for each model's own default
 */
public record FixtureSettings(Fixture seed, Integer items) {

    public FixtureSettings {
        if (seed == null) {
            throw new IllegalArgumentException("the seed model's fixture is required");
        }
        if (items != null && items < 1) {
            throw new IllegalArgumentException("items must be at least 1, got " + items);
        }
    }

    /** The seed model's fixture, every other model at its own default size. */
    public static FixtureSettings of(Fixture seed) {
        return new FixtureSettings(seed, null);
    }

    /** The size fixture.sql of {@code model} is loaded at. */
    public int itemsFor(QueueModel model) {
        return items != null ? items : model.defaultItems();
    }
}
