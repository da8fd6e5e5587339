package dev.revguard.query.web;

/** An answer other than 200 with a JSON body {@code {error, parameter, detail}}. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final String parameter;

    public ApiException(int status, String error, String parameter, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
        this.parameter = parameter;
    }

    public static ApiException badParameter(String parameter, String detail) {
        return new ApiException(400, "bad_parameter", parameter, detail);
    }

    public static ApiException notFound(String parameter, String detail) {
        return new ApiException(404, "not_found", parameter, detail);
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(error, parameter, getMessage());
    }

    /** The JSON body of an error. */
    public record ApiError(String error, String parameter, String detail) {}
}
