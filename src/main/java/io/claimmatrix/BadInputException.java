package io.claimmatrix;

/** Input the user can fix (an option, a URL, a file). The CLI prints its message on one line and exits 2. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }
}
