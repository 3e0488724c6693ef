package io.tally.domain.dashboard;

/** Where a widget sits on a 12-column grid: its column and row, its width in columns and height in rows. */
public record Layout(int x, int y, int w, int h) {
    public static final int COLUMNS = 12;
    public static final int MAX_HEIGHT = 24;

    public Layout {
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > COLUMNS || h > MAX_HEIGHT) {
            throw new IllegalArgumentException("a widget fits a " + COLUMNS + "-column grid: " + x + "," + y + " " + w + "x" + h);
        }
    }
}
